/** The kpio command line: `runCli(argv) -> exit code`. */
export async function runCli(argv: readonly string[]): Promise<number> {
  process.stderr.write(`kpio: not yet implemented (${argv.join(' ')})\n`);
  return 2;
}
