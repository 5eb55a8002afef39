package io.conduit.files;

import java.io.IOException;
import java.util.List;

/** A {@link FileStorage} that forwards everything, for tests that break one operation. */
class DelegatingStorage implements FileStorage {

    private final FileStorage delegate;

    DelegatingStorage(FileStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<FileEntry> list(String directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        return delegate.read(path, maxBytes);
    }

    @Override
    public String moveInto(String path, String targetDirectory) throws IOException {
        return delegate.moveInto(path, targetDirectory);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void createDirectories(String directory) throws IOException {
        delegate.createDirectories(directory);
    }

    @Override
    public boolean isDirectory(String directory) {
        return delegate.isDirectory(directory);
    }

    @Override
    public String writeAtomically(String directory, String relativeName, byte[] content, OnExists onExists,
                                  boolean createDirectories) throws IOException {
        return delegate.writeAtomically(directory, relativeName, content, onExists, createDirectories);
    }
}
