package org.centralita.campaigns;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read and refuses to read past a limit, so a stream without a length is still bounded. */
final class CountingInputStream extends FilterInputStream {
    private final long limit;
    private volatile long count;

    CountingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        add(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw new ImportException(
                    ImportException.Failure.TOO_LARGE,
                    "the upload is larger than the limit of " + Formats.bytes(limit) + "; split the list or ask an"
                            + " administrator to raise the limit");
        }
    }
}
