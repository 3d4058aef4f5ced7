package io.promptwave.server.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.PromptVersion;
import io.promptwave.api.v1.UploadPromptRequest;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.core.registry.UnknownPromptException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One {@code UploadPrompt} call: chunks to a staging folder, then load, check and publish. */
final class PromptUpload implements StreamObserver<UploadPromptRequest> {
    /** The files every artifact has. */
    private static final Set<String> FILES = Set.of(PromptDirectory.CONFIG, PromptDirectory.WEIGHTS);
    /** The files an artifact may bring besides: its config says whether it must. */
    private static final Set<String> OPTIONAL = Set.of(PromptDirectory.LANGUAGE_MODEL);

    /** Builds the reply once the version is loaded. */
    interface Published {
        PromptVersion reply(PromptInfo info, boolean activate);
    }

    private final ServiceContext context;
    private final StreamObserver<PromptVersion> out;
    private final Published published;
    private final CallRecord record;
    private final Map<String, OutputStream> files = new HashMap<>();
    private Path staging;
    private boolean activate;
    private boolean headerSeen;
    private boolean done;
    private long bytes;

    PromptUpload(ServiceContext context, StreamObserver<PromptVersion> out, Published published) {
        this.context = context;
        this.out = out;
        this.published = published;
        this.record = new CallRecord(context.metrics(), "UploadPrompt", "");
        if (out instanceof ServerCallStreamObserver<PromptVersion> call) {
            call.setOnCancelHandler(this::abandon);
        }
    }

    @Override
    public synchronized void onNext(UploadPromptRequest message) {
        if (done) {
            return;
        }
        try {
            if (!headerSeen) {
                if (!message.hasHeader()) {
                    throw new BadRequestException(BadRequestException.Reason.INVALID,
                            "the first message of an upload must be the header");
                }
                headerSeen = true;
                activate = message.getHeader().getActivate();
                Files.createDirectories(context.models().promptsDir());
                staging = Files.createDirectory(context.models().promptsDir().resolve(".upload-" + UUID.randomUUID()));
                return;
            }
            if (!message.hasChunk()) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, "the header comes once, first");
            }
            String name = message.getChunk().getFile();
            if (!FILES.contains(name) && !OPTIONAL.contains(name)) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, "chunk.file must be "
                        + PromptDirectory.CONFIG + ", " + PromptDirectory.WEIGHTS + " or "
                        + PromptDirectory.LANGUAGE_MODEL + ", got '" + name + "'");
            }
            bytes += message.getChunk().getData().size();
            if (bytes > context.limits().maxUploadBytes()) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, "the artifact passed the limit of "
                        + context.limits().maxUploadBytes() + " bytes");
            }
            OutputStream file = files.get(name);
            if (file == null) {
                file = Files.newOutputStream(staging.resolve(name), StandardOpenOption.CREATE_NEW);
                files.put(name, file);
            }
            message.getChunk().getData().writeTo(file);
        } catch (BadRequestException | IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (done) {
            return;
        }
        PromptRegistry registry = context.models().registry();
        try {
            if (!headerSeen) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, "the upload sent nothing");
            }
            closeFiles();
            for (String name : FILES) {
                if (!Files.isRegularFile(staging.resolve(name))) {
                    throw new BadRequestException(BadRequestException.Reason.INVALID, "the upload has no " + name);
                }
            }
            PromptInfo info = PromptDirectory.readInfo(staging);
            if (Files.exists(staging.resolve(PromptDirectory.LANGUAGE_MODEL))
                    && !PromptDirectory.namesLanguageModel(staging)) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, "the upload sent "
                        + PromptDirectory.LANGUAGE_MODEL + " but its " + PromptDirectory.CONFIG + " names no language model");
            }
            if (registry.list().stream().anyMatch(s -> s.info().id().equals(info.id()))) {
                done = true;
                record.done(Status.Code.ALREADY_EXISTS);
                PromptDirectory.deleteTree(staging);
                out.onError(PromptsService.alreadyLoaded(info).asRuntimeException());
                return;
            }
            Path target = context.models().promptsDir().resolve(info.name()).resolve("v" + info.version());
            if (Files.exists(target)) {
                throw new BadRequestException(BadRequestException.Reason.INVALID, target
                        + " already exists on the server (an unloaded version); delete it with delete_files first");
            }
            // loading checks the fingerprint and every tensor; nothing is visible before it succeeds
            registry.add(staging, activate);
            try {
                Files.createDirectories(target.getParent());
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                registry.unload(info.name(), info.version());
                throw e;
            }
            done = true;
            Replies.finish(out, published.reply(info, activate), record);
        } catch (BadRequestException | ModelFormatException | PromptMismatchException | UnknownPromptException
                | IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        abandon();
    }

    private synchronized void abandon() {
        if (!done) {
            done = true;
            record.done(Status.Code.CANCELLED);
            cleanUp();
        }
    }

    private void fail(Exception e) {
        done = true;
        cleanUp();
        Replies.fail(out, ErrorStatus.of(e, "upload"), record);
    }

    private void cleanUp() {
        closeFilesQuietly();
        if (staging != null) {
            try {
                PromptDirectory.deleteTree(staging);
            } catch (IOException e) {
                // a later upload uses a fresh folder; the server's start-up skips hidden folders
            }
        }
    }

    private void closeFiles() throws IOException {
        for (OutputStream f : files.values()) {
            f.close();
        }
        files.clear();
    }

    private void closeFilesQuietly() {
        try {
            closeFiles();
        } catch (IOException e) {
            // the folder is deleted next
        }
    }
}
