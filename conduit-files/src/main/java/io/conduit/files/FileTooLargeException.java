package io.conduit.files;

import java.io.IOException;

/** A file is larger than the reader's bound, so it was not read. */
final class FileTooLargeException extends IOException {

    FileTooLargeException(String path, long limit) {
        super(path + " is larger than " + limit + " bytes");
    }
}
