// Activities used by the embedded Temporal service's tests.
export async function greet(name: string): Promise<string> {
  return `Hello, ${name}!`;
}
