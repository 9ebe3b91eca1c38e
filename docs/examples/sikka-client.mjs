// A small Sikka integration: gets a request key, then reads every patient page by page.
// It carries a common bug on purpose: `offset` advances by rows, but Sikka counts it in pages.
const env = process.env;
const base = env.SIKKA_BASE_URL;
const start = new URLSearchParams({
  app_id: env.SIKKA_APP_ID,
  app_key: env.SIKKA_APP_KEY,
  office_id: env.SIKKA_OFFICE_ID,
  secret_key: env.SIKKA_SECRET_KEY,
});
const [{ request_key: key }] = await (await fetch(`${base}/v2/start?${start}`)).json();
let patients = 0;
for (let offset = 0; ; offset += 500) {
  const page = await fetch(`${base}/v2/patients?request_key=${key}&offset=${offset}&limit=500`);
  if (page.status === 204) break; // Sikka answers an empty page with 204 (API2005)
  patients += (await page.json())[0].items.length;
}
console.log(`read ${patients} patients`);
