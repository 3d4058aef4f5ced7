package io.promptwave.server.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** Ends unary calls once, counting them, and never throws at a caller that has already gone. */
final class Replies {
    private Replies() {
    }

    static <T> void finish(StreamObserver<T> out, T response, CallRecord record) {
        if (gone(out)) {
            record.done(Status.Code.CANCELLED);
            return;
        }
        try {
            out.onNext(response);
            out.onCompleted();
            record.done(Status.Code.OK);
        } catch (StatusRuntimeException | IllegalStateException e) {
            record.done(Status.Code.CANCELLED);
        }
    }

    static <T> void fail(StreamObserver<T> out, StatusRuntimeException status, CallRecord record) {
        record.done(status.getStatus().getCode());
        if (gone(out)) {
            return;
        }
        try {
            out.onError(status);
        } catch (StatusRuntimeException | IllegalStateException e) {
            // the call closed meanwhile: nobody is left to tell
        }
    }

    private static boolean gone(StreamObserver<?> out) {
        return out instanceof ServerCallStreamObserver<?> s && s.isCancelled();
    }
}
