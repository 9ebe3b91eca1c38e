/** drchrono webhook redelivery laws (drchrono API documentation, "Webhooks delivery mechanism"). */
import { expect, test } from '../../../fixtures/index.ts';
import { checkProperty } from '../../../src/properties/fc.ts';
import {
  attemptsFollowScheduleThenStop,
  onlyTwoHundredsAreDelivered,
  scheduleIsOneThreeSevenHours,
} from '../../../src/vendors/drchrono/redelivery-laws.ts';
import { isDelivered, nextAttempt, redeliverySchedule } from '../../../src/vendors/drchrono/redelivery.ts';

const PURE = { kind: 'pure' } as const;

test.describe('drchrono redelivery @webhook', () => {
  test('failed hooks are redelivered 1 h, 3 h and 7 h after the event', async () => {
    await checkProperty(scheduleIsOneThreeSevenHours(redeliverySchedule), PURE);
  });

  test('a delivery succeeded exactly on a 2xx; a 302 is a failure', async () => {
    expect(isDelivered(302)).toBe(false);
    await checkProperty(onlyTwoHundredsAreDelivered(isDelivered), PURE);
  });

  test('attempts follow the event and the schedule, stop at the first 2xx, and end in a manual redelivery after four failures', async () => {
    await checkProperty(attemptsFollowScheduleThenStop(nextAttempt), PURE);
    expect(nextAttempt(0, 4, 500)).toEqual({ kind: 'manual' });
    expect(() => nextAttempt(0, -1)).toThrow(RangeError);
  });
});
