/** Every figure of the metering bench with its target, printed as one block at the end. */
export class Figures {
  private readonly rows: { figure: string; backend: string; value: string; target: string; met: boolean | null }[] = [];

  add(figure: string, backend: string, value: string, target = '', met: boolean | null = null): void {
    this.rows.push({ figure, backend, value, target, met });
  }

  print(): void {
    console.log('Metering summary (shared 2-core machine: figures are noisy)');
    const width = Math.max(...this.rows.map((r) => r.figure.length));
    for (const r of this.rows) {
      const verdict = r.met === null ? '' : r.met ? '  met' : '  NOT MET';
      console.log(`  ${r.figure.padEnd(width)}  ${r.backend.padEnd(14)} ${r.value}${r.target ? `   (target ${r.target})${verdict}` : ''}`);
    }
  }
}
