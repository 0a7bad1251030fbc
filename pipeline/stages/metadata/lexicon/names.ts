/**
 * Syllables of Vietnamese personal names, most frequent first. The signer's name sits under a
 * seal and a signature, where OCR loses diacritics and letters ("Dứơng" for "Dương", "Céng" for
 * "Công"); a name syllable is repaired only towards one of these, and only when the repair is
 * unambiguous or the nearest by diacritics (see ./correct.ts).
 */

/** Family names. */
export const SURNAMES: readonly string[] = (
  'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương ' +
  'Trịnh Trương Lâm Phùng Mai Tô Tạ Cao Lương Hà Đinh Chu Quách Thái Hứa Kiều Lưu Triệu ' +
  'Văn Âu Khúc Lại Nghiêm Châu Đàm Mạc Thân Tống Ông Giang La Doãn Kim Tăng Từ Hoàng Lục ' +
  'Ninh Diệp Lò Quan Vi Nông Hầu Khổng Bạch Tôn Trương Ứng Lã Phí Cù Mẫn'
).split(' ');

/** Middle and given names. */
export const GIVEN_NAMES: readonly string[] = (
  'Văn Thị Hữu Đức Công Quang Minh Ngọc Thanh Xuân Hồng Đình Thế Mạnh Trọng Tiến Kim Quốc ' +
  'Hoàng Anh Tuấn Hùng Dũng Hưng Hải Hà Hương Lan Linh Long Nam Nga Nghĩa Phúc Phương ' +
  'Quyết Sơn Tâm Thắng Thành Thảo Thịnh Thủy Toàn Trung Tú Việt Vinh Yến An Bình Cường ' +
  'Chi Đạt Hằng Hiền Hiếu Hòa Huệ Huy Huyền Khánh Khoa Lâm Lộc Loan Mai Nhung Oanh Phong ' +
  'Quân Quý Quỳnh Tài Tân Thái Thăng Thắm Thơ Thu Thuận Thúy Tiên Trang Trí Trinh Tùng ' +
  'Uyên Vân Vy Bảo Cảnh Chiến Chính Chung Dung Duy Giang Hạnh Hiệp Hiển Hoa Học Hợp ' +
  'Khải Kiên Lực Lượng Nhân Ninh Phát Phú Phước Quảng Sang Sinh Tấn Thạch Thiện Thông ' +
  'Thuần Tín Toản Trường Tuyết Uy Vĩnh Vũ Xuyên Yên Bằng Biên Cầm Châu Diệp Doanh Điệp ' +
  'Định Đông Hạ Hậu Hiên Hoài Hoan Hội Huân Khang Khiêm Kiều Lạc Lệ Liên Liêm Luân Lý ' +
  'Mẫn Miên Mỹ Nguyên Nhật Nhi Như Phi Phượng Quế Sáu Tám Thanh Thao Thiêm Thoa Thuật ' +
  'Thư Thường Tiệp Tình Trâm Trúc Tuệ Tuyên Tường Vượng Xoan Ánh Ân Bích Cúc Diễm Dương ' +
  'Đào Điền Giao Hà Hào Hiệu Hưởng Kha Khuê Lành Lam Lịch Mừng Năm Nhàn Nhạn Sỹ Sĩ Tạo ' +
  'Thìn Thuyên Tố Triều Tuân Tư Văn Viên Vương Xuân Ba Bắc Cương Diện Đệ Giáp Hiến Hoạt'
).split(' ');
