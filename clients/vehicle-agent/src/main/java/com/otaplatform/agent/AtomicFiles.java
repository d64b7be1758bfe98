package com.otaplatform.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Crash-safe small-file writes: write a temp file, fsync it, rename it over, fsync the directory. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path target, byte[] bytes) throws IOException {
    write(target, bytes, true);
  }

  /** With {@code sync=false} the write is still atomic (rename) but not forced to disk: for simulations. */
  static void write(Path target, byte[] bytes, boolean sync) throws IOException {
    write(target, bytes, sync, false);
  }

  /** Same, for a secret (a private key): the file is readable by its owner only from the moment it exists. */
  static void writePrivate(Path target, byte[] bytes, boolean sync) throws IOException {
    write(target, bytes, sync, true);
  }

  private static void write(Path target, byte[] bytes, boolean sync, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    if (ownerOnly) {
      createOwnerOnly(tmp);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      if (sync) {
        ch.force(true);
      }
    }
    move(tmp, target, sync);
  }

  /** Creates {@code file} readable by its owner only from its first byte. */
  private static void createOwnerOnly(Path file) throws IOException {
    // a temp file a crash left behind has unknown permissions: start from a new one
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      // the file system has no owner-only mode; the file is as private as the state directory
      Files.createFile(file);
    }
  }

  /** Renames atomically (replacing) and makes the rename durable. */
  static void move(Path source, Path target, boolean sync) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    if (sync) {
      syncDirectory(target.toAbsolutePath().getParent());
    }
  }

  static void syncDirectory(Path dir) {
    // Opening a directory for reading works on Linux and makes the directory entry durable;
    // other platforms may refuse, which only weakens durability, not correctness.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }
}
