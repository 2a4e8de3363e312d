package dev.docreactor.reactor.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds before a request reaches the API (a malformed request line, an
 * ambiguous or badly encoded URI, headers too large) as {@code {"error": "..."}}, like every other error,
 * never as an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        ApiResponse answer = ApiResponse.error(code, describe(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, ApiResponse.JSON));
        return ByteBuffer.wrap(ApiResponse.error(status, describe(status, reason)).body());
    }

    private static String describe(int code, String message) {
        return message == null || message.isBlank() ? "HTTP " + code : message;
    }
}
