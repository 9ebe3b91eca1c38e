import { test, expect } from '@playwright/test';
import { gunzipSync } from 'node:zlib';
import { sandboxes } from '../../../fixtures/sandboxes/index.ts';
import { startRecorder } from '../../../src/traffic/recorder.ts';
import { rawGet } from '../sandboxes/support.ts';

/** The recording proxy: the client sees only the proxy's address, compressed answers stay compressed, bodies are recorded decoded. */

test('links naming the sandbox are rewritten to the proxy, gzip kept on the wire, the recording decoded and redacted', async () => {
  const sandbox = await sandboxes.sikka();
  const recorded: { text: string; url: string }[] = [];
  const recorder = await startRecorder({
    upstream: sandbox.url,
    secrets: [sandbox.credentials.SIKKA_APP_KEY],
    onExchange: (exchange) => recorded.push({ text: exchange.response.text, url: exchange.request.url }),
  });
  try {
    const c = sandbox.credentials;
    const answer = await rawGet(`${recorder.url}/auth/v2/authorized_practices?app_id=${c.SIKKA_APP_ID}&app_key=${c.SIKKA_APP_KEY}`, {
      'accept-encoding': 'gzip',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('gzip');
    const text = gunzipSync(answer.body).toString('utf8');
    expect(text).toContain(`"href":"${recorder.url}/auth/v2/authorized_practices/`);
    expect(text).not.toContain(sandbox.url);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].text).toContain(`${recorder.url}/auth/v2/authorized_practices/`);
    expect(recorded[0].text).toContain('"secret_key":"[REDACTED]"');
    expect(recorded[0].url).toContain('app_key=[REDACTED]');
    expect(recorder.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await recorder.close();
    await sandbox.close();
  }
});

test('a port already in use is a one-line TRAFFIC_PORT_IN_USE error saying what to do', async () => {
  const first = await startRecorder({ upstream: 'http://127.0.0.1:9' });
  try {
    const port = Number(new URL(first.url).port);
    await expect(startRecorder({ upstream: 'http://127.0.0.1:9', port })).rejects.toThrow(
      `TRAFFIC_PORT_IN_USE: 127.0.0.1:${port} is in use; pass another --port, or --port 0 for a free one`,
    );
  } finally {
    await first.close();
  }
});
