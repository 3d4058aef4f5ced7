package io.promptwave.server.service;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.ReadImageRequest;
import io.promptwave.api.v1.ReadImageResponse;
import io.promptwave.api.v1.ReaderGrpc;
import io.promptwave.api.v1.ReadingConfig;
import io.promptwave.api.v1.TextLine;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.QueueFullException;
import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import io.promptwave.vision.preprocess.TextLineFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code promptwave.v1.Reader}: the text of an image, read by a base with an image front-end. The
 * image's lines are found ({@link TextLineFinder}) and each is a row of the shared scheduler, so
 * lines of many requests, and prompts of many tasks, share forward passes.
 */
public final class ReaderService extends ReaderGrpc.ReaderImplBase {
    private final ServiceContext context;
    private final ImageDecoder decoder;
    private final TextLineFinder finder = new TextLineFinder(6);

    /** @param context the models, scheduler, metrics and limits */
    public ReaderService(ServiceContext context) {
        this.context = context;
        this.decoder = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY)
                .maxBytes(context.limits().maxUploadBytes()).build());
    }

    @Override
    public void readImage(ReadImageRequest request, StreamObserver<ReadImageResponse> out) {
        String id = RequestIds.of(request.getRequestId());
        CallRecord record = new CallRecord(context.metrics(), "ReadImage", request.getPrompt());
        PromptLease lease = null;
        try {
            LineFeatureExtractor lineFeatures = context.models().imageFeatures().orElseThrow(() ->
                    new BadRequestException(BadRequestException.Reason.WRONG_TASK,
                            "the served base reads no images (it has no image front-end)"));
            if (request.getImage().isEmpty()) {
                throw new BadRequestException(BadRequestException.Reason.INVALID,
                        "image is empty: send the bytes of a PNG, JPEG, WebP, BMP or TIFF file");
            }
            lease = context.lease(request.getPrompt(), "ocr");
            ReadingConfig c = request.getConfig();
            RecognitionKind kind = new RecognitionKind(context.models().model(), context.language(c.getLanguage(), lease),
                    context.decoding(c.hasBeamSize() ? Optional.of(c.getBeamSize()) : Optional.empty(),
                            c.hasCtcWeight() ? Optional.of(c.getCtcWeight()) : Optional.empty(), lease), 1);
            Image image = decoder.decode(request.getImage().toByteArray(), "request " + id);
            List<TextLineFinder.Line> boxes = finder.find(image);
            List<FeatureSequence> lines = new ArrayList<>();
            for (TextLineFinder.Line box : boxes) {
                lines.add(lineFeatures.extract(box.crop(image)));
            }
            ReadImageResponse.Builder response = ReadImageResponse.newBuilder().setRequestId(id)
                    .setWidth(image.width()).setHeight(image.height());
            if (lease != null) {
                response.setPrompt(Results.ref(lease));
            }
            if (lines.isEmpty()) {
                RecognizerService.close(lease);
                lease = null;
                Replies.finish(out, response.build(), record);
                return;
            }
            Context call = Context.current();
            List<CompletableFuture<List<Transcript>>> rows = context.scheduler().submit(kind, lines,
                    lease == null ? null : lease.prompt(), record.prompt(), Lane.UNARY, call::isCancelled);
            PromptLease held = lease;
            lease = null;
            CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
                try {
                    if (error != null) {
                        Replies.fail(out, ErrorStatus.of(error, id), record);
                        return;
                    }
                    List<String> texts = new ArrayList<>();
                    double confidence = 0;
                    for (int i = 0; i < rows.size(); i++) {
                        Transcript t = rows.get(i).join().get(0);
                        TextLineFinder.Line box = boxes.get(i);
                        texts.add(t.text());
                        confidence += t.confidence();
                        response.addLines(TextLine.newBuilder().setText(t.text()).setConfidence((float) t.confidence())
                                .setLeft(box.left()).setTop(box.top()).setRight(box.right()).setBottom(box.bottom()));
                    }
                    Replies.finish(out, response.setText(String.join("\n", texts))
                            .setConfidence((float) (confidence / rows.size())).build(), record);
                } finally {
                    RecognizerService.close(held);
                }
            });
        } catch (ImageFormatException | BadRequestException | UnknownPromptException | QueueFullException
                | RuntimeException e) {
            RecognizerService.close(lease);
            Replies.fail(out, ErrorStatus.of(e, id), record);
        }
    }
}
