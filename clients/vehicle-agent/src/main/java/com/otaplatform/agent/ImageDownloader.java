package com.otaplatform.agent;

import com.otaplatform.common.v1.Digests;
import com.otaplatform.vehicle.v1.TargetDownload;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one image over HTTP into {@code <downloadsDir>/<sha256>.part}, resuming a partial
 * file with a {@code Range} request, and returns {@code <downloadsDir>/<sha256>} once its length
 * and digests match the signed ones.
 *
 * <ul>
 *   <li>Never more than the signed length is accepted: an announced or streamed excess aborts
 *       with {@link ErrorCodes#LENGTH_EXCEEDED} and drops the partial file.
 *   <li>A response that sends no byte for {@code stallTimeout} is aborted with
 *       {@link ErrorCodes#SLOW_RETRIEVAL}; the partial file is kept for a resume.
 *   <li>Length or digest mismatch fails with {@link ErrorCodes#HASH_MISMATCH} and removes the file.
 *   <li>Lost connections and 5xx answers are retried (resuming) up to {@code attempts} times.
 * </ul>
 *
 * The body is streamed to disk; the image is never held in memory.
 */
public final class ImageDownloader implements ImageSource {
  private static final System.Logger LOG = System.getLogger(ImageDownloader.class.getName());
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HttpClient http;
  private final Path downloadsDir;
  private final Duration stallTimeout;
  private final int attempts;
  private final Duration retryDelay;

  public ImageDownloader(HttpClient http, Path downloadsDir, Duration stallTimeout, int attempts, Duration retryDelay) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1");
    }
    this.http = http;
    this.downloadsDir = downloadsDir;
    this.stallTimeout = stallTimeout;
    this.attempts = attempts;
    this.retryDelay = retryDelay;
  }

  /** Defaults: 30 s stall timeout, 3 attempts, 1 s between attempts. */
  public ImageDownloader(HttpClient http, Path downloadsDir) {
    this(http, downloadsDir, Duration.ofSeconds(30), 3, Duration.ofSeconds(1));
  }

  /** An HTTP/1.1 client suitable for presigned object-store URLs; share one per JVM. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Path fetch(TargetDownload download) throws UpdateException {
    URI uri;
    try {
      uri = URI.create(download.getUrl());
    } catch (IllegalArgumentException e) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "bad download URL for " + download.getTargetName());
    }
    return download(uri, download.getDigests());
  }

  public Path partFile(String sha256) {
    return downloadsDir.resolve(sha256.toLowerCase(Locale.ROOT) + ".part");
  }

  public Path verifiedFile(String sha256) {
    return downloadsDir.resolve(sha256.toLowerCase(Locale.ROOT));
  }

  public Path download(URI uri, Digests expected) throws UpdateException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "download URL must be http(s): " + uri);
    }
    Digests want = normalize(expected);
    Path part = partFile(want.getSha256());
    Path done = verifiedFile(want.getSha256());
    try {
      Files.createDirectories(downloadsDir);
      if (Files.exists(done)) {
        if (matches(done, want)) {
          return done;
        }
        Files.deleteIfExists(done);
      }
    } catch (IOException e) {
      throw new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "cannot use " + downloadsDir + ": " + e, false, e);
    }

    UpdateException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        long have = sizeOrZero(part);
        if (have > want.getLength()) {
          Files.deleteIfExists(part);
          have = 0;
        }
        if (have < want.getLength()) {
          fetchOnce(uri, part, have, want.getLength());
        }
        long got = sizeOrZero(part);
        if (got < want.getLength()) {
          throw new UpdateException(ErrorCodes.DOWNLOAD_FAILED,
              "transfer ended after " + got + " of " + want.getLength() + " bytes", true, null);
        }
        verify(part, want);
        Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return done;
      } catch (UpdateException e) {
        last = e;
        if (!e.isTransient()) {
          deleteQuietly(part);
          throw e;
        }
        LOG.log(Level.DEBUG, "download attempt {0}/{1} of {2} failed: {3}", attempt, attempts, uri.getPath(), e.getMessage());
        if (attempt < attempts) {
          sleep(retryDelay.multipliedBy(attempt));
        }
      } catch (IOException e) {
        last = new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "local I/O error: " + e, true, e);
        if (attempt < attempts) {
          sleep(retryDelay.multipliedBy(attempt));
        }
      }
    }
    throw last;
  }

  private static Digests normalize(Digests expected) throws UpdateException {
    if (expected == null) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "download has no digests");
    }
    String sha256 = expected.getSha256().toLowerCase(Locale.ROOT);
    String sha512 = expected.getSha512().toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha256).matches()) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "download has no valid sha256");
    }
    if (!sha512.isEmpty() && !SHA512.matcher(sha512).matches()) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "download has an invalid sha512");
    }
    if (expected.getLength() <= 0) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "download has no signed length");
    }
    return Digests.newBuilder().setSha256(sha256).setSha512(sha512).setLength(expected.getLength()).build();
  }

  private static void verify(Path file, Digests want) throws UpdateException, IOException {
    Digests got = Digester.digest(file);
    if (got.getLength() != want.getLength()) {
      throw new UpdateException(ErrorCodes.HASH_MISMATCH,
          "length " + got.getLength() + " != signed length " + want.getLength());
    }
    if (!got.getSha256().equals(want.getSha256())) {
      throw new UpdateException(ErrorCodes.HASH_MISMATCH, "sha256 " + got.getSha256() + " != signed " + want.getSha256());
    }
    if (!want.getSha512().isEmpty() && !got.getSha512().equals(want.getSha512())) {
      throw new UpdateException(ErrorCodes.HASH_MISMATCH, "sha512 does not match the signed digest");
    }
  }

  private static boolean matches(Path file, Digests want) throws IOException {
    try {
      verify(file, want);
      return true;
    } catch (UpdateException e) {
      return false;
    }
  }

  /** One HTTP exchange appending to {@code part} from {@code offset}, guarded against stalls. */
  private void fetchOnce(URI uri, Path part, long offset, long limit) throws UpdateException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (offset > 0) {
      request.header("Range", "bytes=" + offset + "-");
    }
    Progress progress = new Progress();
    CompletableFuture<HttpResponse<Long>> future =
        http.sendAsync(request.build(), info -> progress.open(info, part, offset, limit));
    long sliceMillis = Math.max(10, Math.min(250, stallTimeout.toMillis() / 4));
    while (true) {
      try {
        future.get(sliceMillis, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        long idleNanos = System.nanoTime() - progress.lastProgressNanos;
        if (idleNanos > stallTimeout.toNanos()) {
          UpdateException stall = new UpdateException(ErrorCodes.SLOW_RETRIEVAL,
              "no data for " + stallTimeout.toMillis() + " ms from " + uri.getHost(), true, null);
          progress.abort(stall);
          future.cancel(true);
          throw stall;
        }
      } catch (ExecutionException e) {
        throw unwrap(e);
      } catch (InterruptedException e) {
        progress.abort(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "interrupted"));
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "download interrupted", false, e);
      }
    }
  }

  private static UpdateException unwrap(Throwable e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof UpdateException u) {
        return u;
      }
      t = t.getCause();
    }
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "transfer failed: " + cause, true, cause);
  }

  private static long sizeOrZero(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tracks the exchange (headers, then body) so the stall guard can see progress and abort it. */
  private static final class Progress {
    volatile long lastProgressNanos = System.nanoTime();
    private volatile FileSink sink;
    private volatile UpdateException aborted;

    HttpResponse.BodySubscriber<Long> open(HttpResponse.ResponseInfo info, Path part, long offset, long limit) {
      lastProgressNanos = System.nanoTime();
      FileSink s;
      if (aborted != null) {
        s = FileSink.failed(aborted);
      } else {
        s = FileSink.open(info, part, offset, limit, this);
      }
      sink = s;
      return s;
    }

    void abort(UpdateException reason) {
      aborted = reason;
      FileSink s = sink;
      if (s != null) {
        s.abort(reason);
      }
    }
  }

  /** Writes the response body to the part file, refusing bytes past the signed length. */
  private static final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final FileChannel channel;
    private final long limit;
    private final Progress progress;
    private long position;
    private volatile Flow.Subscription subscription;

    private FileSink(FileChannel channel, long position, long limit, Progress progress, UpdateException failure) {
      this.channel = channel;
      this.position = position;
      this.limit = limit;
      this.progress = progress;
      if (failure != null) {
        result.completeExceptionally(failure);
      }
    }

    static FileSink failed(UpdateException failure) {
      return new FileSink(null, 0, 0, null, failure);
    }

    static FileSink open(HttpResponse.ResponseInfo info, Path part, long offset, long limit, Progress progress) {
      int status = info.statusCode();
      long start;
      if (status == 206) {
        String range = info.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range);
        if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
          deleteQuietly(part);
          return failed(new UpdateException(ErrorCodes.DOWNLOAD_FAILED,
              "unexpected Content-Range '" + range + "' for offset " + offset + "; restarting", true, null));
        }
        start = offset;
      } else if (status == 200) {
        start = 0; // the server ignored the Range header (or there was none): start over
      } else if (status == 416) {
        deleteQuietly(part);
        return failed(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "range not satisfiable; restarting", true, null));
      } else {
        boolean retry = status >= 500 || status == 408 || status == 429;
        return failed(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "HTTP status " + status, retry, null));
      }
      long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced >= 0 && start + announced > limit) {
        return failed(new UpdateException(ErrorCodes.LENGTH_EXCEEDED,
            "server announced " + (start + announced) + " bytes, signed length is " + limit));
      }
      try {
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(start);
        ch.position(start);
        return new FileSink(ch, start, limit, progress, null);
      } catch (IOException e) {
        return failed(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "cannot write " + part + ": " + e, false, e));
      }
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      try {
        for (ByteBuffer buffer : buffers) {
          if (position + buffer.remaining() > limit) {
            fail(new UpdateException(ErrorCodes.LENGTH_EXCEEDED,
                "server sent more than the signed length of " + limit + " bytes"));
            return;
          }
          while (buffer.hasRemaining()) {
            position += channel.write(buffer);
          }
        }
        progress.lastProgressNanos = System.nanoTime();
        subscription.request(1);
      } catch (IOException e) {
        fail(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "write failed: " + e, true, e));
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      if (result.isDone()) {
        return;
      }
      closeChannel(true);
      result.completeExceptionally(
          new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "connection failed: " + t, true, t));
    }

    @Override
    public synchronized void onComplete() {
      if (result.isDone()) {
        return;
      }
      try {
        channel.force(true);
        channel.close();
        result.complete(position);
      } catch (IOException e) {
        result.completeExceptionally(new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "sync failed: " + e, true, e));
      }
    }

    void abort(UpdateException reason) {
      fail(reason);
    }

    private synchronized void fail(UpdateException reason) {
      if (result.isDone()) {
        return;
      }
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      closeChannel(true);
      result.completeExceptionally(reason);
    }

    private void closeChannel(boolean sync) {
      if (channel == null || !channel.isOpen()) {
        return;
      }
      try {
        if (sync) {
          channel.force(true);
        }
        channel.close();
      } catch (IOException ignored) {
        // the partial file may be shorter than written; resume looks at its actual size
      }
    }
  }
}
