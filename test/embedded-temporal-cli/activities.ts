export async function greet(name: string): Promise<string> {
  return `你好, ${name}`;
}
