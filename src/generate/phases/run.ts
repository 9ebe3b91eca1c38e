/**
 * The generative phases in one import: each lives in a module of its own (types, clock, skip policy, sending,
 * checking, list priming, negative cases, leniency, concurrency); importers of the phases need only this one.
 */
export type { Phase, PhaseContext, PhaseOutcome, PhaseTarget } from './types.ts';
export { phaseSkipReason } from './skip.ts';
export { check } from './check.ts';
export { positivePhase } from './positive.ts';
export { negativePhase } from './negative.ts';
