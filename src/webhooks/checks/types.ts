import type { Exchange } from '../../core/wire.ts';
import type { Finding } from '../../core/violation.ts';
import type { WebhookCheckContext } from '../types.ts';

/** One webhook check: returns the violations it finds, and nothing when the exchange is not its kind (not applicable). */
export type WebhookCheck = (ctx: WebhookCheckContext, exchange: Exchange) => Finding[];
