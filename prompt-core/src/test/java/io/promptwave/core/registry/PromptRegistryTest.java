package io.promptwave.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.core.PromptFixtures;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {

    private static void write(SpeechModel model, Path dir, String name, int version, int length, String fingerprint)
            throws Exception {
        PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(length).build();
        try (SoftPrompt p = new PromptFactory(model).create(config, List.of())) {
            PromptDirectory.save(dir, p, PromptFixtures.info(name, version, config, p, fingerprint));
        }
    }

    @Test
    void versionsActivateRollBackAndUnloadWhileLeased(@TempDir Path root) throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                PromptRegistry registry = new PromptRegistry(model)) {
            String fp = model.fingerprint();
            write(model, root.resolve("newvoice/1"), "newvoice", 1, 2, fp);
            write(model, root.resolve("newvoice/2"), "newvoice", 2, 3, fp);
            write(model, root.resolve("italian"), "italian", 1, 4, fp);
            assertEquals(3, registry.loadAll(root).size());

            try (PromptLease lease = registry.lease("newvoice")) {
                assertEquals(2, lease.info().version(), "the newest version starts active");
            }
            registry.activate("newvoice", 1);
            PromptLease held = registry.lease("newvoice");
            assertEquals(1, held.info().version());
            registry.activate("newvoice", 2);
            registry.unload("newvoice", 1);
            // the request that started on version 1 keeps it, alive, after the flip and the unload
            assertEquals(1, held.info().version());
            assertEquals(PromptMethod.ENC_DEC, held.prompt().method());
            assertEquals(2L * 2 * 32, held.prompt().trainableCount(), "enc+dec, 2 positions each, width 32");
            held.close();
            assertThrows(IllegalStateException.class, held::prompt);

            UnknownPromptException gone = assertThrows(UnknownPromptException.class, () -> registry.lease("newvoice@1"));
            assertEquals("prompt newvoice has no version 1 (loaded: [2])", gone.getMessage());
            assertEquals("no prompt named 'french' is loaded (loaded: [italian, newvoice])",
                    assertThrows(UnknownPromptException.class, () -> registry.lease("french")).getMessage());
            assertEquals("'italian@x': the version after '@' must be a number",
                    assertThrows(UnknownPromptException.class, () -> registry.lease("italian@x")).getMessage());

            List<PromptRegistry.Status> status = registry.list();
            assertEquals(List.of("italian@1", "newvoice@2"), status.stream().map(s -> s.info().id()).toList());
            assertTrue(status.stream().allMatch(PromptRegistry.Status::active));
            assertTrue(status.get(0).bytes() > 4 * 2 * 4 * 32, "bytes " + status.get(0).bytes());

            // hot add, not activated; then a duplicate is refused and the registry is unchanged
            write(model, root.resolve("hot"), "italian", 2, 2, fp);
            registry.add(root.resolve("hot"), false);
            try (PromptLease lease = registry.lease("italian")) {
                assertEquals(1, lease.info().version());
            }
            ModelFormatException duplicate = assertThrows(ModelFormatException.class,
                    () -> registry.add(root.resolve("hot"), true));
            assertTrue(duplicate.getMessage().contains("italian@2 is already loaded"), duplicate.getMessage());
            assertEquals(3, registry.list().size());
        }
    }

    @Test
    void aPromptForAnotherBaseChangesNothing(@TempDir Path root) throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                PromptRegistry registry = new PromptRegistry(model)) {
            write(model, root.resolve("good"), "good", 1, 2, model.fingerprint());
            write(model, root.resolve("stranger"), "stranger", 1, 2, "0".repeat(64));
            assertThrows(PromptMismatchException.class, () -> registry.loadAll(root));
            assertTrue(registry.list().isEmpty(), "all or nothing");
            assertThrows(PromptMismatchException.class, () -> registry.add(root.resolve("stranger"), true));
            registry.add(root.resolve("good"), true);
            assertEquals(1, registry.list().size());
        }
    }

    @Test
    void oneNameAndVersionInTwoFoldersIsRefused(@TempDir Path root) throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                PromptRegistry registry = new PromptRegistry(model)) {
            write(model, root.resolve("a"), "twin", 1, 2, model.fingerprint());
            write(model, root.resolve("b"), "twin", 1, 3, model.fingerprint());
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> registry.loadAll(root));
            assertTrue(e.getMessage().endsWith("prompt twin@1 is in two folders; give one of them another version"),
                    e.getMessage());
            assertTrue(registry.list().isEmpty());
        }
    }

    @Test
    void concurrentRequestsAlwaysSeeAWholeVersion(@TempDir Path root) throws Exception {
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 5);
                PromptRegistry registry = new PromptRegistry(model)) {
            String fp = model.fingerprint();
            for (int v = 1; v <= 3; v++) {
                write(model, root.resolve("p/" + v), "p", v, v, fp);
            }
            registry.loadAll(root);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    readers.add(pool.submit(() -> {
                        int checked = 0;
                        for (int i = 0; i < 300; i++) {
                            try (PromptLease lease = registry.lease("p")) {
                                // the version's prompt is the one its config describes, and still open
                                assertEquals(lease.info().version() * 2L * 32, lease.prompt().trainableCount());
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                for (int i = 0; i < 200; i++) {
                    registry.activate("p", 1 + i % 3);
                }
                for (Future<Integer> f : readers) {
                    assertEquals(300, f.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertSame(PromptMethod.ENC_DEC, registry.lease("p@3").prompt().method());
            assertFalse(registry.list().isEmpty());
        }
    }
}
