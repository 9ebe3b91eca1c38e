/** Mutation tests: the redelivery laws catch a cumulative schedule, a lenient success test and an extra retry. */
import { test } from '@playwright/test';
import {
  attemptsFollowScheduleThenStop,
  onlyTwoHundredsAreDelivered,
  scheduleIsOneThreeSevenHours,
  type NextAttemptFn,
} from '../../../src/vendors/drchrono/redelivery-laws.ts';
import { nextAttempt } from '../../../src/vendors/drchrono/redelivery.ts';
import { expectCaught } from './support.ts';

const HOUR_MS = 3_600_000;

test.describe('redelivery laws catch planted bugs', () => {
  test('offsets counted from the previous attempt (1 h, 1+3 h, 1+3+7 h) are caught', async () => {
    await expectCaught(scheduleIsOneThreeSevenHours((event) => [event + HOUR_MS, event + 4 * HOUR_MS, event + 11 * HOUR_MS]));
  });

  test('treating a 302 as delivered is caught', async () => {
    await expectCaught(onlyTwoHundredsAreDelivered((status) => typeof status === 'number' && status >= 200 && status < 400));
  });

  test('a fourth automatic redelivery is caught', async () => {
    const oneMore: NextAttemptFn = (event, attempts, status) =>
      attempts === 4 && !(typeof status === 'number' && status >= 200 && status <= 299)
        ? { kind: 'deliver', atMs: event + 15 * HOUR_MS, attempt: 5 }
        : nextAttempt(event, attempts, status);
    await expectCaught(attemptsFollowScheduleThenStop(oneMore));
  });
});
