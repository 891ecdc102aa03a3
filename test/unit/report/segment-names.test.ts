import { describe, expect, it } from 'vitest';
import { slug } from '../../../src/report/report-artifact.js';
import { findSegment } from '../../../src/report/segment-brief.js';

describe('segment names on the command line and in file names', () => {
  it('turns a segment name into a file-name slug', () => {
    expect(slug("Can't Lose")).toBe('cant-lose');
    expect(slug('Potential Loyalists')).toBe('potential-loyalists');
  });

  it('finds a segment by its name in any case or by its slug', () => {
    expect(findSegment("can't lose")).toBe("Can't Lose");
    expect(findSegment('at-risk')).toBe('At Risk');
    expect(findSegment('CHAMPIONS')).toBe('Champions');
  });

  it('finds nothing for an unknown name', () => {
    expect(findSegment('VIPs')).toBeUndefined();
  });
});
