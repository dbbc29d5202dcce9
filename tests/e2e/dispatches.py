"""Small dispatches written for these tests (invented agencies' business; no real document's text)."""

from __future__ import annotations

HEALTH = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 123/UBND-VX
V/v tăng cường phòng, chống sốt xuất huyết
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi:
- Sở Y tế;
- Sở Giáo dục và Đào tạo;
- Các Sở, ban, ngành tỉnh.

Để chủ động phòng, chống dịch sốt xuất huyết, Chủ tịch UBND tỉnh yêu cầu:
1. Giao Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức chiến dịch diệt lăng quăng, báo cáo kết quả về UBND tỉnh trước ngày 20/3/2026.
2. Sở Giáo dục và Đào tạo chủ trì tuyên truyền phòng bệnh trong trường học, hoàn thành trước ngày 27/3/2026.
3. Các Sở, ban, ngành tỉnh thường xuyên theo dõi, phối hợp thực hiện.
./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

NASTY = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 77/UBND-TH
V/v kiểm tra <script>alert("x")</script> & các ký tự *đặc biệt* _gạch_ </b> &amp; &nbsp; <<>>
An Phú, ngày 02 tháng 3 năm 2026

1. Giao Sở Y tế chủ trì rà soát <b>hồ sơ</b> & dữ liệu *A* _B_ <i> 5 > 3 < 4 &lt; trước ngày 20/3/2026.
"""


def parts(text: str, n: int) -> list[str]:
    """Cut a text into n consecutive pieces at line boundaries (as a long paste arrives)."""
    lines = text.split("\n")
    size = max(1, len(lines) // n)
    chunks = ["\n".join(lines[i * size:(i + 1) * size]) for i in range(n - 1)]
    chunks.append("\n".join(lines[(n - 1) * size:]))
    return [c for c in chunks if c.strip()]

FIVE = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 456/UBND-KGVX
V/v triển khai các nhiệm vụ y tế quý I năm 2026
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.

1. Giao Sở Y tế chủ trì rà soát danh mục thuốc thiết yếu, hoàn thành trước ngày 05/3/2026.
2. Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm bếp ăn tập thể, hoàn thành trước ngày 06/3/2026.
3. Giao Sở Y tế chủ trì tổng hợp số liệu tiêm chủng, hoàn thành trước ngày 10/3/2026.
4. Giao Sở Y tế chủ trì xây dựng kế hoạch khám sức khỏe học đường, hoàn thành trước ngày 30/3/2026.
5. Giao Sở Y tế chủ trì báo cáo tình hình dịch bệnh, hoàn thành trước ngày 04/3/2026.
./.
"""

URGENT = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
HỎA TỐC
Số: 789/UBND-VX
V/v tổng hợp số ca mắc sốt xuất huyết
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.

1. Giao Sở Y tế khẩn trương tổng hợp số ca mắc sốt xuất huyết, báo cáo UBND tỉnh trước 16 giờ ngày 02/3/2026.
2. Giao Sở Y tế chủ trì kiểm tra công tác phun hóa chất tại các ổ dịch, hoàn thành trước ngày 04/3/2026.
./.
"""

MONTHLY = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 321/UBND-VX
V/v chế độ báo cáo công tác y tế dự phòng
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.

1. Giao Sở Y tế chủ trì báo cáo kết quả công tác y tế dự phòng trước ngày 20 hằng tháng.
2. Giao Sở Y tế chủ trì tổ chức hội nghị sơ kết công tác tiêm chủng, hoàn thành trước 14 giờ ngày 12/3/2026.
./.
"""
