/**
 * Each vendor's response classifier, by contract name: how a vendor's answers read (success, hidden failure,
 * renew the key, …) and where they disagree with its document. The `vendorErrorRules` check runs the one of the
 * contract under test on every answer, where the contract declares `x-vendor-rules.errors`.
 */
import type { Outcome } from './common/outcome.ts';
import { classifyJourny } from './journy/errors.ts';
import { classifyLupl } from './lupl/errors.ts';
import { classifySikka } from './sikka/errors.ts';
import { classifyWebcamconsult } from './webcamconsult/errors.ts';

export type Classifier = (status: number, body: unknown) => Outcome;

export const VENDOR_CLASSIFIERS: Readonly<Record<string, Classifier>> = {
  sikka: classifySikka,
  lupl: classifyLupl,
  webcamconsult: classifyWebcamconsult,
  journy: classifyJourny,
};
