"""Jinja's error messages in Chinese, for the reasons an uploaded Word template is refused (``user_templates``).

Bureau staff read those reasons; Jinja, and Python under a filter or an operator, give them in English. Each shape
of message Jinja 3.1 gives — collected by feeding the check broken templates: unclosed and stray tags, unknown
tags, filters and tests, missing ``}}``, stray characters, bad names and arguments at the trial render — is one
pattern below, and its Chinese sentence names what varies (the tag, the token, the character, the filter) as the
user wrote it. Jinja describes a token by what it is ("end of print statement"); the user sees the sign (“}}”).

A message no pattern knows gets a plain Chinese sentence; the English one is logged for a technician to add its
pattern here.
"""

from __future__ import annotations

import ast
import logging
import re

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

TOKENS = {
    "end of print statement": _("变量结束符“}}”"),
    "begin of print statement": _("变量开始符“{{”"),
    "end of statement block": _("标签结束符“%}”"),
    "begin of statement block": _("标签开始符“{%”"),
    "end of comment": _("注释结束符“#}”"),
    "begin of comment": _("注释开始符“{#”"),
    "end of template": _("模板末尾"),
    "template data / text": _("普通文字"),
    "name": _("名字（变量名、过滤器名等）"),
    "integer": _("整数"),
    "float": _("小数"),
    "string": _("字符串"),
    "comment": _("注释"),
}
TYPES = {
    "dict": _("字典"), "str": _("文字"), "int": _("整数"), "float": _("小数"), "list": _("列表"), "tuple": _("列表"),
    "datetime.date": _("日期"), "datetime.datetime": _("日期时间"), "NoneType": _("空值"), "bool": _("真假值"),
}  # fmt: skip
FILTER_FUNCTIONS = {"len": "length", "_chinese_date": "中文日期"}  # a filter's Python function → its name
TAG = "“{{% {} %}}”"


def _token(text: str) -> str:
    return str(TOKENS.get(text, f"“{text}”"))


def _tags(text: str) -> str:
    """Jinja's list of tags (``'endfor' or 'else'``) as the user writes them: “{% endfor %}”或“{% else %}”."""
    return str(_("或")).join(TAG.format(tag) for tag in re.findall(r"'([^']*)'", text))


def _char(text: str) -> str:
    """The character of its ``repr`` (``'!'``, ``"'"``, ``'\\x0b'``) as the user typed it."""
    try:
        char = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if char.isprintable() and not char.isspace():
        return char
    return str(_("不可见字符（编码 {code}）")).format(code=ord(char))


def _type(text: str) -> str:
    return str(TYPES.get(text, _("值")))


def _filter(text: str) -> str:
    return FILTER_FUNCTIONS.get(text, re.sub(r"^(?:sync_)?do_", "", text))


# A captured group is shown by its name's rule; any other group as it is.
GROUPS = {"tags": _tags, "got": _token, "expected": _token, "char": _char, "type": _type, "left": _type,
          "right": _type, "filter": _filter}  # fmt: skip

# (Jinja's or Python's message, the Chinese sentence), the first that matches the whole message wins: the
# specific shapes before the general ones. ``{block}`` and ``{tag}`` are tag names (for, endif), shown in “{% %}”.
MESSAGES = [
    # A block left open or closed by the wrong end (Jinja's stack of open tags).
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: (?P<tags>.+)\. "
        r"The innermost block that needs to be closed is '(?P<block>[^']*)'\.",
        _("“{{% {block} %}}”没有结束：到模板末尾也没有对应的“{{% end{block} %}}”"),
    ),
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: (?P<tags>.+)\.",
        _("模板没有写完：到末尾仍缺少{tags}"),
    ),
    (r"Unexpected end of template\.", _("模板没有写完：有标签没有结束")),
    (
        r"Encountered unknown tag '(?P<tag>[^']*)'\. You probably made a nesting mistake\. Jinja is expecting this "
        r"tag, but currently looking for (?P<tags>.+)\. The innermost block that needs to be closed is "
        r"'(?P<block>[^']*)'\.",
        _("标签嵌套错误：遇到“{{% {tag} %}}”时，里层的“{{% {block} %}}”还没有结束，应先用“{{% end{block} %}}”结束它"),
    ),
    (
        r"Encountered unknown tag '(?P<tag>[^']*)'\. Jinja was looking for the following tags: (?P<tags>.+)\. "
        r"The innermost block that needs to be closed is '(?P<block>[^']*)'\.",
        _("这里不能用“{{% {tag} %}}”：“{{% {block} %}}”尚未结束，此处只能是{tags}"),
    ),
    (r"Encountered unknown tag '(?P<tag>end\w*)'\.", _("多余的“{{% {tag} %}}”：前面没有与它配对的开始标签")),
    (r"Encountered unknown tag 'else'\.", _("“{{% else %}}”只能写在“{{% if %}}”或“{{% for %}}”与它的结束标签之间")),
    (r"Encountered unknown tag 'elif'\.", _("“{{% elif %}}”只能写在“{{% if %}}”与“{{% endif %}}”之间")),
    (r"Encountered unknown tag '(?P<tag>tr|tc)'\.", _("“{{%{tag} … %}}”只能写在表格中")),
    (
        r"Encountered unknown tag '(?P<tag>[^']*)'\.",
        _("不认识的标签“{{% {tag} %}}”：“{{% %}}”中只能写 for、if、elif、else、set 等；填入变量请写“{{{{ 变量名 }}}}”"),
    ),
    (r"tag name expected", _("“{{%”之后缺少标签名（如 for、if）；填入变量请写“{{{{ 变量名 }}}}”")),
    # Tokens: what Jinja expected, what it found.
    (r"Expected an expression, got '(?P<got>.*)'", _("此处缺少变量或值（遇到了{got}）")),
    # After an unfinished tag Jinja reads on into the Word XML: its '<' or '/' means a missing end sign.
    (r"expected token '(?P<expected>.*)', got '[</]'", _("标签没有结束：缺少{expected}")),
    (r"expected token '(?P<expected>.*)', got '(?P<got>.*)'", _("此处应为{expected}，却遇到了{got}")),
    (r"unexpected end of template, expected '(?P<expected>.*)'\.", _("模板没有写完：缺少{expected}")),
    (r"unexpected '(?P<got>.*)', expected '(?P<expected>.*)'", _("括号没有配对：此处应为{expected}，却遇到了{got}")),
    (
        r"unexpected '(?P<got>[</])'",
        _("此处不应出现{got}：多半是“{{{{”或“{{%”缺少结束的“}}}}”或“%}}”"),
    ),
    (r"unexpected '(?P<got>end of .*)'", _("写法不完整：{got}之前还缺少内容（运算符、“is”或条件之后的部分）")),
    (r"unexpected '(?P<got>.*)'", _("此处不应出现{got}")),
    (r"unexpected char (?:\"'\"|'\"') at \d+", _("引号没有配对：字符串缺少结束的引号")),
    (
        r"unexpected char '(?P<char>[^\x00-\x7f])' at \d+",
        _("标签中不能使用全角字符“{char}”：标签中的标点、括号和空格须用半角（英文）符号"),
    ),
    (r"unexpected char (?P<char>'.*'|\".*\") at \d+", _("标签中不能使用字符“{char}”")),
    (r"expected name or number", _("“.”之后缺少名字（如“人员.党员”）")),
    (r"can't assign to '\w+'", _("“for”“set”之后须是变量名，这里写的不能被赋值")),
    (r"Can't assign to special loop variable in for-loop target", _("“loop”是保留名，不能用作循环变量")),
    (r"You cannot chain multiple tests with is", _("不能连用多个“is”检验")),
    (r"invalid syntax for function call expression", _("括号中的参数写法有误（带“=”的参数须写在其他参数之后）")),
    (r"Invalid character in identifier", _("名字中有不能使用的字符")),
    (
        r"(?:truncated|malformed) \\.* escape|unknown Unicode character name|\\ at end of string|illegal Unicode .*",
        _("字符串中反斜杠“\\”的写法有误"),
    ),
    (r"Missing end of comment tag", _("注释“{{#”缺少结束的“#}}”")),
    (r"Missing end of raw directive", _("“{{% raw %}}”缺少对应的“{{% endraw %}}”")),
    (r"non-default argument follows default argument", _("宏的参数写法有误：没有默认值的参数须写在有默认值的参数之前")),
    (r"Block names in Jinja have to be valid Python identifiers.*", _("块名只能由字母、数字和下划线组成，不能含“-”")),
    (r"block '(?P<name>[^']*)' defined twice", _("块“{name}”定义了两次")),
    (r"names starting with an underline can not be imported", _("以下划线开头的名字不能导入")),
    # Filters and tests: at the check's compile, and at the trial inside map() or select().
    (
        r"No filter named '(?P<name>[^']*)'\.?",
        _("不能使用过滤器“{name}”（可用的有 中文日期、join、length、default 等）"),
    ),
    (r"No test named '(?P<name>[^']*)'\.?", _("不能使用检验“{name}”（可用的有 defined、none、number、string 等）")),
    # The trial render with the sample figures.
    (r"'(?P<name>[^']*)' is undefined", _("变量“{name}”不存在")),
    (r"'?(?P<type>[\w.]+) object'? has no attribute '(?P<name>[^']*)'", _("{type}中没有“{name}”这一项")),
    (r"'?(?P<type>[\w.]+) object'? has no element (?P<name>.*)", _("{type}中没有“{name}”这一项")),
    (r"method must be common, ceil or floor", _("过滤器 round 的取整方式只能是 common、ceil 或 floor")),
    (r"You can only sort by either \"key\" or \"value\"", _("过滤器 dictsort 只能按 key 或 value 排序")),
    (r"map requires a filter argument", _("过滤器 map 须写明对每一项使用的过滤器")),
    (r"Unexpected keyword argument '(?P<name>[^']*)'", _("过滤器不接受参数“{name}”")),
    (r"'(?P<name>[^']*)' is not a valid URI scheme prefix\.", _("“{name}”不是有效的网址前缀")),
    (r"(?:integer |float )?(?:division|modulo|division or modulo|floor division) by zero", _("除数为零")),
    (r"(?P<filter>\w+)\(\) (?:takes|missing|got) .*", _("过滤器“{filter}”的参数不对（个数或名称有误）")),
    (
        r"unsupported operand type\(s\) for (?P<op>\S+): '(?P<left>[\w.]+)' and '(?P<right>[\w.]+)'",
        _("{left}和{right}之间不能做“{op}”运算"),
    ),
    (r"can only concatenate str \(not \"(?P<right>[\w.]+)\"\) to str", _("文字不能与{right}相加（连接文字请用“~”）")),
    (
        r"'(?P<op>[^']+)' not supported between instances of '(?P<left>[\w.]+)' and '(?P<right>[\w.]+)'",
        _("{left}和{right}之间不能用“{op}”比较"),
    ),
    (r"type (?P<type>[\w.]+) doesn't define __round__ method", _("{type}不能取整")),
    (r"no loader for this environment specified", _("模板不能引用其他模板（include、extends、import）")),
    (r"keyword argument repeated: (?P<name>\S+).*", _("参数“{name}”写了两次")),
]
PATTERNS = [(re.compile(pattern, re.DOTALL), sentence) for pattern, sentence in MESSAGES]


def chinese(message: str | None, *, otherwise: str) -> str:
    """``message`` (Jinja's, or Python's under a filter) in Chinese, naming what it names; ``otherwise`` when its
    shape is not known (the message is logged)."""
    text = (message or "").strip()
    for pattern, sentence in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            values = {name: GROUPS.get(name, str)(value or "") for name, value in match.groupdict().items()}
            return str(sentence).format(**values)
    logger.warning("A template message without Chinese: %r", message)
    return str(otherwise)
