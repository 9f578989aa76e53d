export async function echo(n: number): Promise<number> {
  return n;
}
