import { sleep } from '@temporalio/workflow';

export async function sleepFiveDays(): Promise<string> {
  await sleep('5 days');
  return 'woke up';
}
