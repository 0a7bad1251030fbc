import { describe, expect, it } from 'vitest';
import { columnLetter, fieldOf, headerKey } from './columns.js';
import { HeaderError, parseInventory } from './rows.js';
import { parseDate, parseRange } from './values.js';
import type { Cell } from './read-file.js';

describe('inventory columns', () => {
  it('knows the headers however archives write them', () => {
    expect(fieldOf('MÃ HỒ SƠ')).toBe('code');
    expect(fieldOf('  Ma  ho so ')).toBe('code');
    expect(fieldOf('Thời gian\nbắt đầu')).toBe('startDate');
    expect(fieldOf('Số tờ (tờ)')).toBe('sheets');
    expect(fieldOf('Số lượng trang')).toBe('pages');
    expect(fieldOf('Thời hạn bảo quản')).toBe('maintenance');
    expect(fieldOf('Thời hạn lưu trữ')).toBe('maintenance');
    expect(fieldOf('Hồ sơ số')).toBe('fileNo');
    expect(fieldOf('Số hộp')).toBe('boxNo');
    expect(fieldOf('Tần suất sử dụng')).toBe('highUse');
    expect(fieldOf('Người lập')).toBeNull();
    expect(headerKey('Đơn vị (bảo quản)')).toBe('don vi');
    expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
  });
});

describe('inventory values', () => {
  it('reads the dates archivists write', () => {
    expect(parseDate('05/03/1997')).toBe('1997-03-05');
    expect(parseDate('5.3.1997')).toBe('1997-03-05');
    expect(parseDate('03/1997')).toBe('1997-03');
    expect(parseDate(1997)).toBe('1997');
    expect(parseDate(new Date(Date.UTC(2001, 11, 31)))).toBe('2001-12-31');
    expect(parseDate('1997-3-5')).toBe('1997-03-05');
    expect(parseDate('tháng 3')).toBeNull();
    expect(parseRange('1997-2001')).toEqual(['1997', '2001']);
    expect(parseRange('03/1997 – 12/1998')).toEqual(['1997-03', '1998-12']);
    expect(parseRange('02/01/1997-30/12/1997')).toEqual(['1997-01-02', '1997-12-30']);
    expect(parseRange('1997')).toEqual(['1997', '1997']);
  });
});

const HEADER = [
  'STT',
  'Mã hồ sơ',
  'Hộp số',
  'Hồ sơ số',
  'Tiêu đề hồ sơ',
  'Thời gian',
  'Số tờ',
  'Số trang',
  'Thời hạn bảo quản',
  'Sử dụng nhiều',
  'Ghi chú',
  'Người lập',
];

const sheet = (...rows: Cell[][]): Cell[][] => [
  ['MỤC LỤC HỒ SƠ', null, null],
  ['Phông UBND tỉnh Hưng Yên (1997–2010)', null],
  [],
  HEADER,
  ...rows,
];

describe('parseInventory', () => {
  it('finds the header under the title rows and types every value', () => {
    const p = parseInventory(
      sheet(
        [
          1,
          'H49.01.1.1',
          1,
          1,
          '  Tập lưu quyết định năm 1997 ',
          '1997-1998',
          '1.234',
          2468,
          'Vĩnh viễn',
          'x',
          'Bìa rách',
          'Lan',
        ],
        [
          2,
          'H49.01.1.2',
          '1',
          '2',
          'Hồ sơ hội nghị',
          '03/1997',
          null,
          '12',
          '70 năm',
          'không',
          null,
          null,
        ],
        ['I. VĂN PHÒNG', null, null],
        [3, 'H49.01.1.3', null, null, null, null, 5, null, '01', 'Có', null, null],
      ),
    );
    expect(p.headerRow).toBe(4);
    expect(p.errors).toEqual([]);
    expect(p.skipped).toEqual([
      { row: 7, reason: expect.stringContaining('I. VĂN PHÒNG') as string },
    ]);
    expect(p.columns.find((c) => c.header === 'Người lập')).toMatchObject({
      column: 'L',
      field: null,
    });
    expect(p.rows).toEqual([
      {
        row: 5,
        code: 'H49.01.1.1',
        boxNo: '1',
        fileNo: '1',
        title: 'Tập lưu quyết định năm 1997',
        startDate: '1997',
        endDate: '1998',
        expectedSheets: 1234,
        expectedPages: 2468,
        maintenanceCode: '01',
        highUse: true,
        description: 'Bìa rách',
      },
      {
        row: 6,
        code: 'H49.01.1.2',
        boxNo: '1',
        fileNo: '2',
        title: 'Hồ sơ hội nghị',
        startDate: '1997-03',
        endDate: '1997-03',
        expectedPages: 12,
        maintenanceCode: '02',
        highUse: false,
      },
      { row: 8, code: 'H49.01.1.3', expectedSheets: 5, maintenanceCode: '01', highUse: true },
    ]);
  });

  it('names the row and column of every bad cell, in Vietnamese first', () => {
    const p = parseInventory(
      sheet(
        [1, 'H1', 1, 1, 'A', '1997', 'mười hai', '12,5', 'Lâu dài', 'hay dùng', null, null],
        [2, 'H2', 1, 2, 'B', '31/02/1997', null, -3, null, null, null, null],
        [3, 'H1', 1, 3, 'C', null, null, null, null, null, null, null],
        [4, null, 1, 4, 'D', null, 10, null, null, null, null, null],
        [5, 'H/5', null, null, null, '2001-1997', null, null, null, null, null, null],
      ),
    );
    expect(p.rows).toEqual([]);
    const at = (row: number) =>
      p.errors.filter((e) => e.row === row).map((e) => [e.column, e.code]);
    expect(at(5)).toEqual([
      ['G', 'inventory.bad_number'],
      ['H', 'inventory.bad_number'],
      ['I', 'inventory.bad_maintenance'],
      ['J', 'inventory.bad_flag'],
    ]);
    expect(p.errors.find((e) => e.row === 5)?.message).toBe(
      'Dòng 5, cột G «Số tờ»: "mười hai" không phải là số / Row 5, column G "Số tờ": "mười hai" is not a number',
    );
    expect(p.errors.find((e) => e.row === 5 && e.column === 'H')?.message).toContain(
      '"12,5" không phải số nguyên',
    );
    expect(at(6)).toEqual([
      ['H', 'inventory.bad_number'],
      ['F', 'inventory.bad_value'],
    ]);
    expect(p.errors.find((e) => e.row === 6 && e.column === 'F')?.message).toContain(
      'không phải ngày có thật',
    );
    expect(at(7)).toEqual([['B', 'inventory.duplicate_code']]);
    expect(p.errors.find((e) => e.row === 7)?.message).toContain('trùng với dòng 5');
    expect(at(8)).toEqual([['B', 'inventory.missing_code']]);
    expect(at(9).map(([, code]) => code)).toEqual(['inventory.bad_code', 'inventory.bad_date']);
  });

  it('refuses a sheet without a code column, or with a column twice', () => {
    expect(() =>
      parseInventory([
        ['Tên', 'Số trang'],
        ['A', 1],
      ]),
    ).toThrow(HeaderError);
    try {
      parseInventory([['Mã hồ sơ', 'Số trang', 'Số lượng trang']]);
    } catch (err) {
      expect(err).toBeInstanceOf(HeaderError);
      expect((err as HeaderError).code).toBe('inventory.duplicate_column');
      expect((err as Error).message).toContain('cột B «Số trang» và cột C «Số lượng trang»');
    }
  });
});
