/**
 * Playwright's list reporter shows a skipped test without its reason. This reporter prints the reason,
 * so a run on a machine without the Electron runtime says plainly why the Electron spec did not run.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonsReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = test.annotations.filter((a) => a.type === 'skip' && a.description).map((a) => a.description);
    console.log(`skipped: ${test.titlePath().slice(1).join(' › ')} — ${reasons.join('; ') || 'no reason given'}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
