package com.otaplatform.artifact.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded hand-over of byte chunks from the thread that receives them to the thread that stores
 * them, so that memory stays flat whatever the upload's size.
 */
final class ChunkPipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    ChunkPipe(int capacity) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
    }

    void put(byte[] chunk) {
        if (chunk.length > 0) {
            enqueue(chunk);
        }
    }

    void close(IOException cause) {
        failure = cause;
        chunks.clear();
        enqueue(END);
    }

    void end() {
        enqueue(END);
    }

    private void enqueue(byte[] chunk) {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing bytes to storage", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            position = 0;
            if (failure != null) {
                throw failure;
            }
            if (current == END) {
                ended = true;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, n);
        position += n;
        return n;
    }
}
