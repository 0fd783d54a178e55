// Test helpers for the command line: run main() in-process with string collectors.
import { main } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], options: { tty?: boolean; onStderr?: () => void } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; options.onStderr?.(); }, isTTY: options.tty ?? false },
  });
  return { code, stdout, stderr };
}
