import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.PromptRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serving figures for BENCHMARKS.md: the time to reload the base (what switching tasks costs with
 * one fine-tuned model per task) against the time to switch prompts (a registry lease), and the
 * resident memory of the base plus N loaded prompts. Run by recipes/bench/prompt_switch.sh.
 */
public class PromptSwitch {
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("prompt-switch");
        double reload = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            try (SpeechModel m = ModelDirectory.load(base)) {
                reload = Math.min(reload, (System.nanoTime() - t) / 1e9);
            }
        }
        try (SpeechModel model = ModelDirectory.load(base)) {
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(16).build();
            String fp = model.fingerprint();
            long numbers;
            try (SoftPrompt p = new PromptFactory(model).create(config, List.of())) {
                numbers = p.trainableCount();
                for (int i = 0; i < count; i++) {
                    PromptDirectory.save(work.resolve("p" + i), p, new PromptInfo("p" + i, 1, config, "asr", "en",
                            Map.of(), fp, numbers, numbers, Map.of(), Map.of()));
                }
            }
            try (PromptRegistry registry = new PromptRegistry(model)) {
                long t = System.nanoTime();
                registry.loadAll(work);
                double loadAll = (System.nanoTime() - t) / 1e9;
                long tensorBytes = registry.list().stream().mapToLong(st -> st.info().storedParameters() * 4).sum();
                int calls = 200_000;
                t = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    try (PromptLease lease = registry.lease("p" + (i % count))) {
                        lease.prompt();
                    }
                }
                double switchMicros = (System.nanoTime() - t) / 1e3 / calls;
                long weightsBytes = Files.size(base.resolve(ModelDirectory.WEIGHTS));
                System.out.printf(java.util.Locale.ROOT, "base reload (best of 3): %.2f s%n", reload);
                System.out.printf(java.util.Locale.ROOT, "prompt switch (lease + release, %d prompts): %.2f us%n", count,
                        switchMicros);
                // the prompts' own tensors, counted exactly (resident-set deltas of a JVM beside PyTorch's
                // allocator are noise at this size)
                System.out.printf(java.util.Locale.ROOT, "load %d prompts: %.2f s; their tensors %.1f MB in memory "
                        + "(%,d numbers each, %.1f KB on disk each)%n", count, loadAll, tensorBytes / 1e6,
                        numbers, Files.size(work.resolve("p0").resolve(PromptDirectory.WEIGHTS)) / 1024.0);
                System.out.printf(java.util.Locale.ROOT, "%d fine-tuned copies of the base: %.1f GB on disk (%s), "
                        + "%.1f GB as float32 in memory%n", count, count * weightsBytes / 1e9, base,
                        count * model.parameterCount() * 4 / 1e9);
            }
        }
    }
}
