/**
 * Deterministic plans: which sentence each split's utterances say, with which voice and seed,
 * before any audio exists. The same spec, seed and scale always give the same plan, so an
 * interrupted generation resumes exactly where it stopped.
 */
package io.promptwave.corpus.plan;
