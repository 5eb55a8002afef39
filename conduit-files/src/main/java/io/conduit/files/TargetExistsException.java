package io.conduit.files;

import java.io.IOException;

/** A write with {@link OnExists#ERROR} found its target name taken. */
final class TargetExistsException extends IOException {

    TargetExistsException(String path) {
        super(path + " already exists");
    }
}
