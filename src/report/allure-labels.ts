/**
 * Allure labels as static test annotations (`allure.label.<name>`), which allure-playwright reads when the test is
 * registered: they cost the worker nothing at run time (each `allure.label()` call is a message from the worker to
 * the reporter) and a skipped test carries them too.
 */
export function allureLabelAnnotations(labels: Record<string, string>): { type: string; description: string }[] {
  return Object.entries(labels).map(([name, value]) => ({ type: `allure.label.${name}`, description: value }));
}
