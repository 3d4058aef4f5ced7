package io.promptwave.server.service;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.server.scheduler.QueueFullException;
import io.promptwave.vision.ImageFormatException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. A caller's mistake gets a code that says
 * whose it is and a message that names the input and the reason; anything unexpected is logged
 * here with the request id and reaches the caller as INTERNAL without a stack trace.
 */
public final class ErrorStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);

    private ErrorStatus() {
    }

    /**
     * @param error what went wrong (wrapped or not)
     * @param requestId the request's id, for the log
     * @return the status to close the call with
     */
    public static StatusRuntimeException of(Throwable error, String requestId) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof QueueFullException full) {
            com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                    .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                    .setMessage(full.getMessage() + "; retry in " + full.retryAfterMillis() + " ms")
                    .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                            .setSeconds(full.retryAfterMillis() / 1000)
                            .setNanos((int) (full.retryAfterMillis() % 1000) * 1_000_000)).build()))
                    .build();
            return StatusProto.toStatusRuntimeException(status);
        }
        Status status;
        if (e instanceof AudioFormatException a) {
            status = Status.INVALID_ARGUMENT.withDescription("audio " + a.getMessage());
        } else if (e instanceof ImageFormatException i) {
            status = Status.INVALID_ARGUMENT.withDescription("image " + i.getMessage());
        } else if (e instanceof BadRequestException bad) {
            status = switch (bad.reason()) {
                case INVALID -> Status.INVALID_ARGUMENT;
                case WRONG_TASK -> Status.FAILED_PRECONDITION;
                case TOO_LONG -> Status.OUT_OF_RANGE;
            };
            status = status.withDescription(bad.getMessage());
        } else if (e instanceof UnknownPromptException) {
            status = Status.NOT_FOUND.withDescription(e.getMessage());
        } else if (e instanceof PromptMismatchException) {
            status = Status.FAILED_PRECONDITION.withDescription(e.getMessage());
        } else if (e instanceof ModelFormatException || e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        } else if (e instanceof CancellationException) {
            status = Status.CANCELLED.withDescription("the call was cancelled");
        } else {
            LOG.error("request {} failed", requestId, e);
            status = Status.INTERNAL.withDescription("internal error; the server logged it as request " + requestId);
        }
        return status.asRuntimeException();
    }
}
