/**
 * Words of the organ names and signer positions printed on Vietnamese administrative documents
 * (new tone placement, capitals). The header and the signer block are a closed vocabulary: the
 * bodies of the state apparatus and their offices. OCR reads them in bold capitals, where it often
 * drops diacritics ("SO NONG NGHIEP") or swaps a letter; a word is repaired only when its skeleton
 * points to one entry of this list (see ./correct.ts).
 */

/**
 * Nouns that open the name of a body. An organ line starting with one of them begins a new body
 * (the issuing organ under its parent); any other line continues the one above.
 */
export const ORGAN_HEADS: readonly string[] = [
  'ỦY BAN',
  'UBND',
  'UBHC',
  'HĐND',
  'HỘI ĐỒNG',
  'SỞ',
  'VĂN PHÒNG',
  'BAN',
  'CỤC',
  'CHI CỤC',
  'TỔNG CỤC',
  'BỘ',
  'THANH TRA',
  'TRUNG TÂM',
  'PHÒNG',
  'TRƯỜNG',
  'BỆNH VIỆN',
  'VIỆN',
  'CÔNG AN',
  'BỘ CHỈ HUY',
  'KHO BẠC',
  'ĐÀI',
  'BẢO TÀNG',
  'THƯ VIỆN',
  'LIÊN ĐOÀN',
  'CÔNG TY',
  'TÒA ÁN',
  'ĐOÀN',
  'HỘI',
  'MẶT TRẬN',
  'CHÍNH PHỦ',
  'TỈNH ỦY',
  'HUYỆN ỦY',
  'THÀNH ỦY',
  'CHI NHÁNH',
  'NGÂN HÀNG',
];

/** Words of organ names, administrative units and positions. */
export const HEADER_WORDS: readonly string[] = [
  ...'ỦY BAN NHÂN DÂN HÀNH CHÍNH HỘI ĐỒNG TỈNH THÀNH PHỐ HUYỆN QUẬN THỊ XÃ PHƯỜNG TRẤN KHU'.split(
    ' ',
  ),
  ...'SỞ VĂN PHÒNG CỤC CHI TỔNG BỘ TRUNG TÂM THANH TRA TRƯỜNG VIỆN BỆNH'.split(' '),
  ...'NỘI VỤ TÀI CHÍNH KẾ HOẠCH VÀ ĐẦU TƯ XÂY DỰNG Y TẾ GIÁO DỤC ĐÀO TẠO PHÁP CÔNG'.split(' '),
  ...'THƯƠNG NGHIỆP NÔNG LÂM NGƯ PHÁT TRIỂN THÔN NGUYÊN MÔI GIAO VẬN TẢI LAO ĐỘNG BINH'.split(' '),
  ...'HÓA THỂ THAO DU LỊCH KHOA HỌC NGHỆ TIN TRUYỀN NGOẠI TỘC TÔN GIÁO LƯU TRỮ THƯ'.split(' '),
  ...'NHÀ NƯỚC QUỐC GIA ĐỊA CHÍNH THỦY LỢI CÔNG AN QUÂN SỰ CHỈ HUY KHO BẠC THUẾ HẢI'.split(' '),
  ...'QUAN NGÂN HÀNG BẢO HIỂM CỨU THỐNG KÊ KIỂM SÁT TÒA ÁN ĐOÀN ĐẢNG MẶT TRẬN TỔ QUỐC'.split(' '),
  ...'LIÊN HIỆP PHỤ NỮ NIÊN CỰU CHIẾN CHÍNH PHỦ NHÂN SỰ CHỨC QUYỀN ĐIỆN LỰC NƯỚC MÁY'.split(' '),
  ...'BẢO TÀNG VIỆN GIỐNG CÂY TRỒNG VẬT NUÔI KINH TẾ HẠ TẦNG QUY ĐÔ DÂN CƯ CÁN CHUYÊN'.split(' '),
  ...'ĐƯỜNG BỘ SÔNG BIỂN ĐẢO CẢNG HÀNG KHÔNG TẤT CẢ CÁC HỢP TÁC XÃ NHÂN VIÊN'.split(' '),
  ...'CHỦ TỊCH PHÓ GIÁM ĐỐC CHÁNH TRƯỞNG THỨ HIỆU NHIỆM BÍ KÝ TOÁN TRỰC THƯỜNG'.split(' '),
  ...'VIỆT NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA'.split(' '),
  ...'UBND UBHC HĐND TP TX THPT THCS'.split(' '),
];

/**
 * Positions a signer holds (NĐ 30/2020 Điều 13 and common practice). The signer title is the last
 * of these lines in the signer block.
 */
export const SIGNER_TITLES: readonly string[] = [
  'CHỦ TỊCH',
  'PHÓ CHỦ TỊCH',
  'PHÓ CHỦ TỊCH THƯỜNG TRỰC',
  'GIÁM ĐỐC',
  'PHÓ GIÁM ĐỐC',
  'TỔNG GIÁM ĐỐC',
  'PHÓ TỔNG GIÁM ĐỐC',
  'CHÁNH VĂN PHÒNG',
  'PHÓ CHÁNH VĂN PHÒNG',
  'CHÁNH THANH TRA',
  'PHÓ CHÁNH THANH TRA',
  'TRƯỞNG BAN',
  'PHÓ TRƯỞNG BAN',
  'TRƯỞNG PHÒNG',
  'PHÓ TRƯỞNG PHÒNG',
  'CỤC TRƯỞNG',
  'PHÓ CỤC TRƯỞNG',
  'CHI CỤC TRƯỞNG',
  'PHÓ CHI CỤC TRƯỞNG',
  'TỔNG CỤC TRƯỞNG',
  'BỘ TRƯỞNG',
  'THỨ TRƯỞNG',
  'VIỆN TRƯỞNG',
  'PHÓ VIỆN TRƯỞNG',
  'HIỆU TRƯỞNG',
  'PHÓ HIỆU TRƯỞNG',
  'THỦ TRƯỞNG',
  'THỦ TRƯỞNG CƠ QUAN',
  'BÍ THƯ',
  'PHÓ BÍ THƯ',
  'TRƯỞNG ĐOÀN',
  'CHỦ NHIỆM',
  'PHÓ CHỦ NHIỆM',
  'KẾ TOÁN TRƯỞNG',
  'THƯ KÝ',
  'CHỦ TỌA',
];

/**
 * Collective bodies written after "TM." ("TM. ỦY BAN NHÂN DÂN"): an authority line, never the
 * signer's own title (the seal around the signature repeats them too).
 */
export const COLLECTIVE_SIGNERS: readonly string[] = [
  'ỦY BAN NHÂN DÂN',
  'ỦY BAN HÀNH CHÍNH',
  'HỘI ĐỒNG NHÂN DÂN',
  'THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN',
  'BAN THƯỜNG VỤ',
  'BAN CHẤP HÀNH',
  'HỘI ĐỒNG',
  'BAN CHỈ ĐẠO',
  'BAN CHỈ HUY',
  'ĐOÀN KIỂM TRA',
];
