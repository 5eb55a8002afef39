package io.conduit.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Key material for TLS tests, made by the JDK's {@code keytool} (PKCS12, EC keys valid two days). */
final class TestKeys {

    private TestKeys() {
    }

    /** {@code dir/NAME.p12} holding a new key pair and its self-signed certificate. */
    static void genKeyPair(Path dir, String name, String dname, @Nullable String ext, String password) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", dname, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", password, "-keypass", password));
        if (ext != null) {
            args.addAll(List.of("-ext", ext));
        }
        keytool(args);
    }

    /** Adds NAME's certificate to the trust store {@code dir/TRUSTSTORE.p12}. */
    static void exportAndTrust(Path dir, String name, String password, String trustStore, String trustPassword) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        keytool(List.of("-exportcert", "-rfc", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(),
                "-storetype", "PKCS12", "-storepass", password, "-file", cert.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", dir.resolve(trustStore + ".p12").toString(), "-storepass", trustPassword));
    }

    private static void keytool(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1"); // a short-lived JVM: start fast
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output);
        }
    }
}
