package io.promptwave.server.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.ActivatePromptRequest;
import io.promptwave.api.v1.DeletePromptRequest;
import io.promptwave.api.v1.DeletePromptResponse;
import io.promptwave.api.v1.GetPromptRequest;
import io.promptwave.api.v1.ListPromptsRequest;
import io.promptwave.api.v1.ListPromptsResponse;
import io.promptwave.api.v1.Prompt;
import io.promptwave.api.v1.PromptVersion;
import io.promptwave.api.v1.PromptsGrpc;
import io.promptwave.api.v1.UploadPromptRequest;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.core.registry.UnknownPromptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code promptwave.v1.Prompts}: list, inspect, upload, activate and delete the prompts on the
 * shared backbone. Changes go through the registry, so a request in flight keeps the version it
 * started with. Uploads are written to a hidden staging folder, loaded (which checks the base
 * fingerprint and every tensor) and only then moved to {@code prompts/NAME/vVERSION}; a failed or
 * abandoned upload leaves nothing behind.
 */
public final class PromptsService extends PromptsGrpc.PromptsImplBase {
    private final ServiceContext context;
    private final Consumer<String> onChange;

    /**
     * @param context the models and limits
     * @param onChange told the name of a prompt whose versions changed (health statuses)
     */
    public PromptsService(ServiceContext context, Consumer<String> onChange) {
        this.context = context;
        this.onChange = onChange;
    }

    private PromptRegistry registry() {
        return context.models().registry();
    }

    @Override
    public void listPrompts(ListPromptsRequest request, StreamObserver<ListPromptsResponse> out) {
        CallRecord record = new CallRecord(context.metrics(), "ListPrompts", "");
        ListPromptsResponse.Builder b = ListPromptsResponse.newBuilder().setBaseFingerprint(registry().baseFingerprint());
        List<PromptRegistry.Status> all = registry().list();
        all.stream().map(s -> s.info().name()).distinct().forEach(name -> b.addPrompts(prompt(name, all)));
        Replies.finish(out, b.build(), record);
    }

    @Override
    public void getPrompt(GetPromptRequest request, StreamObserver<Prompt> out) {
        CallRecord record = new CallRecord(context.metrics(), "GetPrompt", request.getName());
        try {
            Replies.finish(out, existing(request.getName()), record);
        } catch (UnknownPromptException e) {
            Replies.fail(out, ErrorStatus.of(e, request.getName()), record);
        }
    }

    @Override
    public void activatePrompt(ActivatePromptRequest request, StreamObserver<Prompt> out) {
        CallRecord record = new CallRecord(context.metrics(), "ActivatePrompt", request.getName());
        try {
            registry().activate(request.getName(), request.getVersion());
            onChange.accept(request.getName());
            Replies.finish(out, existing(request.getName()), record);
        } catch (UnknownPromptException e) {
            Replies.fail(out, ErrorStatus.of(e, request.getName()), record);
        }
    }

    @Override
    public void deletePrompt(DeletePromptRequest request, StreamObserver<DeletePromptResponse> out) {
        CallRecord record = new CallRecord(context.metrics(), "DeletePrompt", request.getName());
        try {
            Prompt current = existing(request.getName());
            List<PromptVersion> chosen = current.getVersionsList().stream()
                    .filter(v -> request.getVersion() == 0 || v.getVersion() == request.getVersion()).toList();
            if (chosen.isEmpty()) {
                throw new UnknownPromptException("prompt " + request.getName() + " has no version "
                        + request.getVersion());
            }
            DeletePromptResponse.Builder b = DeletePromptResponse.newBuilder();
            for (PromptVersion v : chosen) {
                registry().unload(v.getName(), v.getVersion());
                if (request.getDeleteFiles()) {
                    for (Path dir : versionDirs(v.getName(), v.getVersion())) {
                        PromptDirectory.deleteTree(dir);
                    }
                }
                b.addDeleted(v.toBuilder().setActive(false));
            }
            onChange.accept(request.getName());
            Replies.finish(out, b.build(), record);
        } catch (UnknownPromptException | IOException e) {
            Replies.fail(out, ErrorStatus.of(e, request.getName()), record);
        }
    }

    @Override
    public StreamObserver<UploadPromptRequest> uploadPrompt(StreamObserver<PromptVersion> out) {
        return new PromptUpload(context, out, (info, activate) -> {
            onChange.accept(info.name());
            return version(registry().list().stream().filter(s -> s.info().id().equals(info.id())).findFirst()
                    .orElseThrow());
        });
    }

    /** The folders under the prompts folder that hold this version. */
    private List<Path> versionDirs(String name, int version) throws IOException {
        List<Path> found = new ArrayList<>();
        Path root = context.models().promptsDir();
        if (!Files.isDirectory(root)) {
            return found;
        }
        for (Path dir : PromptDirectory.versionDirs(root)) {
            try {
                PromptInfo info = PromptDirectory.readInfo(dir);
                if (info.name().equals(name) && info.version() == version) {
                    found.add(dir);
                }
            } catch (ModelFormatException unreadable) {
                // not this version's folder
            }
        }
        return found;
    }

    private Prompt existing(String name) throws UnknownPromptException {
        List<PromptRegistry.Status> all = registry().list();
        if (all.stream().noneMatch(s -> s.info().name().equals(name))) {
            throw new UnknownPromptException("no prompt named '" + name + "' is loaded (loaded: "
                    + all.stream().map(s -> s.info().name()).distinct().toList() + ")");
        }
        return prompt(name, all);
    }

    private static Prompt prompt(String name, List<PromptRegistry.Status> all) {
        Prompt.Builder b = Prompt.newBuilder().setName(name);
        for (PromptRegistry.Status s : all) {
            if (s.info().name().equals(name)) {
                b.addVersions(version(s));
                if (s.active()) {
                    b.setActiveVersion(s.info().version());
                }
            }
        }
        return b.build();
    }

    static PromptVersion version(PromptRegistry.Status s) {
        PromptInfo info = s.info();
        PromptVersion.Builder b = PromptVersion.newBuilder().setName(info.name()).setVersion(info.version())
                .setActive(s.active()).setMethod(info.config().method().id()).setLength(info.config().length())
                .setTask(info.task()).setLanguage(info.language() == null ? "" : info.language())
                .setTrainableParameters(info.trainableParameters()).setStoredParameters(info.storedParameters())
                .setBytes(s.bytes()).setLeases(s.leases()).setBaseFingerprint(info.baseFingerprint())
                .setConfigJson(PromptDirectory.configJson(info, s.languageModel()));
        for (Map.Entry<String, Object> m : info.metrics().entrySet()) {
            if (m.getValue() instanceof Number n) {
                b.putMetrics(m.getKey(), n.doubleValue());
            }
        }
        return b.build();
    }

    /** @return the status for an upload that names an existing version */
    static Status alreadyLoaded(PromptInfo info) {
        return Status.ALREADY_EXISTS.withDescription("prompt " + info.id()
                + " is already loaded; delete it first or upload it with another version");
    }
}
