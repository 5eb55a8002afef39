package io.conduit.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.NativeJavaClass;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The Java classes a step's {@code allowClasses} lists, each bound in the script's scope under its
 * full name ({@code java.time.LocalDate} is used as {@code java.time.LocalDate.now()}). Nothing
 * else of Java is reachable: there is no {@code Packages} tree to browse, and
 * {@link SandboxWrapFactory} refuses objects of any other class.
 */
final class HostClasses {

    private final Map<String, Class<?>> classes;

    HostClasses(List<Class<?>> classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        classes.forEach(c -> byName.put(c.getName(), c));
        this.classes = byName;
    }

    SandboxWrapFactory wrapFactory() {
        return new SandboxWrapFactory(classes.keySet());
    }

    /** Binds each class under its package path, creating the package objects ({@code java}, {@code java.time}). */
    void install(ScriptableObject scope) {
        for (Map.Entry<String, Class<?>> entry : classes.entrySet()) {
            String[] parts = entry.getKey().split("\\.");
            Scriptable owner = scope;
            for (int i = 0; i < parts.length - 1; i++) {
                Object existing = owner.get(parts[i], owner);
                if (!(existing instanceof NativeObject)) {
                    NativeObject pkg = new NativeObject();
                    pkg.setParentScope(scope);
                    pkg.setPrototype(ScriptableObject.getObjectPrototype(scope));
                    ScriptableObject.defineProperty(owner, parts[i], pkg, ScriptableObject.READONLY | ScriptableObject.PERMANENT);
                    existing = pkg;
                }
                owner = (Scriptable) existing;
            }
            ScriptableObject.defineProperty(owner, parts[parts.length - 1], new NativeJavaClass(scope, entry.getValue()),
                    ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        }
    }
}
