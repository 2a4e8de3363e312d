package dev.docreactor.reactor.api;

import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor's HTTP API on an embedded Jetty: JSON in and out, errors as {@code {"error": "..."}}.
 *
 * <p>Jetty's own threads only parse requests and read bodies (asynchronously, bounded by
 * {@code reactor.max.job.bytes} and {@code http.read.timeout.ms}); the resources run on a fixed pool of
 * {@code http.threads} workers with a queue of {@code http.queue.capacity}, and a request that finds the
 * queue full is answered 503 with {@code Retry-After} at once. {@code /health} and {@code /metrics} run on
 * their own two threads, so they answer while every worker is busy.
 *
 * <p>Security ({@code http.ssl.*}, {@code http.authentication}): HTTPS when a keystore is configured;
 * every route but {@code GET /health} and the web page's files ({@link UiResource}) needs an authenticated
 * caller ({@link HttpAuthenticator}) holding the route's {@link Role}, checked before the body is read. A request counts as forwarded by another
 * instance only with a valid {@link ForwardSignature}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int OPERATIONAL_THREADS = 2;
    private static final int OPERATIONAL_QUEUE = 32;
    private static final int JETTY_THREADS = 16;
    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final Routes routes = new Routes();
    private final int maxBodyBytes;
    private final Duration readTimeout;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor operational;
    private final Server server;
    private final ServerConnector connector;
    private final HttpAuthenticator authenticator;
    private final ForwardSignature forwardSignature;

    /**
     * Binds the port (so {@link #port()} is known before Kafka Streams starts); call {@link #start()} to serve.
     *
     * @param backend the reactor instance
     * @param config the HTTP settings ({@code http.*}), limits and wait timeout
     * @throws IOException when the port cannot be bound
     */
    public ApiServer(ReactorBackend backend, ReactorConfig config) throws IOException {
        this.maxBodyBytes = config.maxJobBytes();
        this.readTimeout = config.httpReadTimeout();
        this.authenticator = new HttpAuthenticator(config);
        this.forwardSignature = config.httpForwardSecret().map(secret -> new ForwardSignature(secret.value(), Clock.systemUTC())).orElse(null);
        HttpTls tls = config.httpTlsEnabled() ? new HttpTls(config) : null;
        Forwarder forwarder = new Forwarder(backend, tls == null ? null : tls.client(), forwardSignature, authenticator.enabled());
        JobsResource jobs = new JobsResource(backend, config.waitTimeout());
        new HealthResource(backend).register(routes);
        new ModelsResource(backend).register(routes);
        JobCoalescer coalescer = new JobCoalescer(backend, jobs, config.limits().maxActionsPerJob(), config.maxJobBytes());
        new DocumentsResource(backend, new JobRequests(backend.models(), config.limits()), jobs, coalescer, forwarder)
            .register(routes);
        new DocumentListResource(backend, forwarder).register(routes);
        new OperationsResource(backend, forwarder).register(routes);
        new SyncResource(backend, jobs, forwarder).register(routes);
        jobs.register(routes);
        new UiResource().register(routes);

        this.workers = pool("http-worker", config.httpThreads(), config.httpQueueCapacity());
        this.operational = pool("http-health", OPERATIONAL_THREADS, OPERATIONAL_QUEUE);
        QueuedThreadPool jettyThreads = new QueuedThreadPool(JETTY_THREADS, 2);
        jettyThreads.setName("http-io");
        jettyThreads.setDaemon(true);
        this.server = new Server(jettyThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // While a request is served; waits for a job are excluded (see handle).
        http.setIdleTimeout(config.httpIdleTimeout().toMillis());
        if (tls == null) {
            this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        } else {
            // Certificates name hosts by SAN; the API does not insist that clients send SNI.
            http.addCustomizer(new SecureRequestCustomizer(false));
            this.connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls.server(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        }
        connector.setHost(config.httpHost());
        connector.setPort(config.httpPort());
        // Before a request's headers are complete (and between requests) this is the only timeout.
        connector.setIdleTimeout(readTimeout.toMillis());
        server.addConnector(connector);
        server.setHandler(new Dispatcher());
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(5_000);
        try {
            connector.open();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueCapacity) {
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Binds the port and starts serving. */
    public ApiServer start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
        log.info("HTTP API listening on port {} ({}, authentication: {})", port(), connector.getDefaultProtocol().startsWith("SSL") ? "HTTPS" : "HTTP",
            authenticator.enabled() ? "on" : "off");
        return this;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server failed: {}", e.getMessage());
        }
        for (ExecutorService pool : new ExecutorService[] {workers, operational}) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Routes each request, reads its body without blocking, and hands it to the right pool. */
    private final class Dispatcher extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String method = request.getMethod();
            String path = request.getHttpURI().getDecodedPath();
            String described = method + " " + ApiRequest.shorten(String.valueOf(path));
            // Waiting for a job has its own bound (http.wait.timeout.ms); idle reads and writes still fail.
            request.addIdleTimeoutListener(timeout -> false);
            Routes.Match match;
            try {
                match = routes.match(method, path == null ? "" : path);
            } catch (RuntimeException e) {
                send(response, callback, ErrorMapper.toResponse(e, described));
                return true;
            }
            boolean forwarded = isForwarded(request, method);
            try {
                authorize(request, forwarded, method, path, described);
            } catch (RuntimeException e) {
                send(response, callback, ErrorMapper.toResponse(e, described));
                return true;
            }
            readBody(request).whenComplete((body, failure) -> {
                if (failure != null) {
                    send(response, callback, ErrorMapper.toResponse(bodyFailure(failure), described));
                    return;
                }
                ApiRequest apiRequest;
                try {
                    apiRequest = ApiRequest.of(method, path, request.getHttpURI().getPath(), request.getHttpURI().getQuery(), body,
                        forwarded);
                } catch (RuntimeException e) {
                    send(response, callback, ErrorMapper.toResponse(e, described));
                    return;
                }
                ThreadPoolExecutor pool = match.route().operational() ? operational : workers;
                try {
                    pool.execute(() -> send(response, callback, serve(match, apiRequest, described)));
                } catch (RejectedExecutionException e) {
                    send(response, callback, ErrorMapper.toResponse(new ReactorException.Unavailable("the reactor is busy: all "
                        + pool.getMaximumPoolSize() + " workers and their queue are taken; retry shortly", BUSY_RETRY_AFTER), described));
                }
            });
            return true;
        }

        /** A request is forwarded when another instance signed it; without a secret, only when nobody authenticates. */
        private boolean isForwarded(Request request, String method) {
            String header = request.getHeaders().get(ApiRequest.FORWARDED_HEADER);
            if (forwardSignature != null) {
                return forwardSignature.verify(header, method, pathAndQuery(request));
            }
            return !authenticator.enabled() && header != null;
        }

        /** Authenticates the caller (a signed forwarded request was authorized by the instance that forwarded it). */
        private void authorize(Request request, boolean forwarded, String method, String path, String described) {
            Optional<Role> role = Role.requiredFor(method, path == null ? "" : path);
            if (role.isEmpty() || (forwarded && authenticator.enabled())) {
                return;
            }
            EndPoint.SslSessionData ssl = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            Caller caller = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                ssl == null ? null : ssl.peerCertificates());
            HttpAuthenticator.authorize(caller, role.get(), described);
        }

        private CompletableFuture<byte[]> readBody(Request request) {
            if (request.getLength() > maxBodyBytes) {
                return CompletableFuture.failedFuture(BodyReader.tooLarge(maxBodyBytes));
            }
            CompletableFuture<byte[]> body = BodyReader.read(request, maxBodyBytes);
            return body.orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private ApiResponse serve(Routes.Match match, ApiRequest request, String described) {
            try {
                return match.serve(request);
            } catch (RuntimeException e) {
                return ErrorMapper.toResponse(e, described);
            }
        }
    }

    /** A body that could not be read: too large, too slow, or the client broke off. */
    private RuntimeException bodyFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ReactorException reactor) {
            return reactor;
        }
        if (cause instanceof TimeoutException) {
            return new ReactorException.RequestTimedOut("the request body did not arrive within " + readTimeout.toMillis()
                + " ms (http.read.timeout.ms)");
        }
        return new ReactorException.InvalidRequest("could not read the request body: " + cause.getMessage());
    }

    private static String pathAndQuery(Request request) {
        String query = request.getHttpURI().getQuery();
        return request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
    }

    private static void send(Response response, Callback callback, ApiResponse answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
