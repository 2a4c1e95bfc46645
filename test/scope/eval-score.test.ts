import { describe, expect, it } from 'vitest';
import { renderCalibration, scoreFile, selectFiles } from '../../bench/eval.js';

const truth = {
  trades: [
    { division: '26', confidence: 'clear' },
    { division: '23/26', confidence: 'clear' },
    { division: '28', confidence: 'possible' },
    { division: '22', confidence: 'clear' },
  ],
};

describe('npm run eval scoring', () => {
  it('--files picks corpus files by number prefix or full name, and names what matched nothing', () => {
    const files = ['02_a_set.pdf', '21_manual.pdf', '29_section.pdf'];
    expect(selectFiles(files, '02,29_section.pdf')).toEqual(['02_a_set.pdf', '29_section.pdf']);
    expect(selectFiles(files, undefined)).toEqual(files);
    expect(() => selectFiles(files, '02,77')).toThrow(/77/);
  });

  it('scores precision over named divisions, recall over clear ones, and labels each prediction for calibration', () => {
    const s = scoreFile('x.pdf', [{ division: '26', confidence: 0.97 }, { division: '28', confidence: 0.7 }, { division: '09', confidence: 0.8 }, { division: '01', confidence: 0.99 }], truth);
    expect(s.predicted).toEqual(['09', '26', '28']);
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3); // 26 and 23/26 found, 22 missed
    expect(s.missed).toEqual(['22']);
    expect(s.calibration).toEqual([
      { division: '26', confidence: 0.97, truth: 'clear' },
      { division: '28', confidence: 0.7, truth: 'possible' },
      { division: '09', confidence: 0.8, truth: 'absent' },
    ]);
    const table = renderCalibration([s]);
    expect(table).toMatch(/≥ 0\.9 \(pre-selected\)\s+1\s+100%\s+100%/);
    expect(table).toMatch(/0\.75–0\.9\s+1\s+0%\s+0%/);
  });
});
