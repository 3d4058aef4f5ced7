/**
 * Spoken slot filling: from speech straight to transcript, intent and slots in one decoding.
 *
 * <p>A {@link io.promptwave.core.slots.SlotSchema} names a task's intents and slot types. The
 * decoder's target is the {@link io.promptwave.core.slots.SlotFormat} serialisation, after the
 * {@code <slots> <lang>} task tokens:
 *
 * <pre>{@code alarm_set | wake me up at [time: six forty five] [date: tomorrow]}</pre>
 *
 * <p>or, when the schema says so ({@link io.promptwave.core.slots.IntentPosition#LAST}), the intent
 * after the words: {@code wake me up at [time: six forty five] [date: tomorrow]| alarm_set}.
 *
 * <p>The {@link io.promptwave.core.slots.Understander} ranks every intent of the schema by the
 * probability the decoder gives its name (intent last: after the words it wrote), writes the rest
 * after the best one (intent first) with the CTC head
 * scoring the transcript's words only ({@link io.promptwave.core.slots.SlotSyntax}), and parses
 * the output into an {@link io.promptwave.core.slots.Understanding} that follows SLURP's and Rasa's
 * conventions.
 */
package io.promptwave.core.slots;
