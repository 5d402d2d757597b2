import { provisionIfMissing } from '../../scripts/provision';

export default async function globalSetup(): Promise<void> {
  await provisionIfMissing();
}
