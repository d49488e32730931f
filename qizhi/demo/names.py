"""Clearly fictional people for the demo and the province generator: names, birthdays, ID numbers."""

from __future__ import annotations

import datetime
import random

from qizhi.org.validators import check_digit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉宇鑫鹏飞斌浩凯晨琳婷雪梅海波林峰坤燕"
    "志国庆春晓东新宏亮松健龙翔云清泉德正义忠良安康宁远川江山月星阳光瑞祥福禄寿喜佳欣怡然嘉诚睿哲思源"
)
# A made-up region code (not a real county's), so no demo ID number can be a real person's.
FICTIONAL_REGION = "519901"


class PeopleFactory:
    """Deterministic fictional people: the same seed gives the same names and numbers."""

    def __init__(self, seed: int = 2026, region: str = FICTIONAL_REGION):
        self.random = random.Random(seed)
        self.region = region
        self.serial = 0
        self.issued: set[str] = set()  # filled by unique_id_number only

    def name(self) -> str:
        surname = self.random.choice(SURNAMES)
        length = 1 if self.random.random() < 0.35 else 2
        return surname + "".join(self.random.choice(GIVEN) for _ in range(length))

    def birth_date(self, *, retired: bool) -> datetime.date:
        year = self.random.randint(1940, 1963) if retired else self.random.randint(1966, 2000)
        return datetime.date(year, self.random.randint(1, 12), self.random.randint(1, 28))

    def gender(self) -> str:
        return "male" if self.random.random() < 0.6 else "female"

    def id_number(self, birth: datetime.date, gender: str) -> str:
        self.serial += 1
        sequence = (self.serial * 2) % 1000  # even for women, odd for men (GB 11643)
        sequence = sequence + 1 if gender == "male" else sequence
        first17 = f"{self.region}{birth:%Y%m%d}{sequence % 1000:03d}"
        return first17 + check_digit(first17)

    def unique_id_number(self, birth: datetime.date, gender: str) -> str:
        """Like ``id_number``, but never a number this factory has issued before.

        The sequence part has only 500 values per birth date and gender, so at province scale
        (30,000 people) some numbers repeat; on a repeat the serial moves on until a new one comes.
        ``id_number`` itself is unchanged, so the demo (seed 2011) keeps its numbers.
        """
        for _ in range(500):  # the serial cycles through all 500 sequences of this birth date and gender
            number = self.id_number(birth, gender)
            if number not in self.issued:
                self.issued.add(number)
                return number
        raise ValueError(f"no ID number left for {birth} ({gender}) in region {self.region}")

    def phone(self) -> str:
        return "139" + "".join(str(self.random.randint(0, 9)) for _ in range(8))
