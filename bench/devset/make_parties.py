"""Writes bench/devset/parties.jsonl: the labelled development set for party matching.

The names, their Hanzi (simplified and traditional), pinyin, Wade-Giles and Hong Kong
Cantonese spellings, and the company names with their English renderings are written out by
hand below; this script only pairs them up (seeded) into compare-parties input with a `label`
(1 = same party, 0 = different) and a `kind` of variation. It was written, and its output
committed, before the matcher was tuned: re-running it reproduces the same file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from pathlib import Path
from typing import Any

import base58
import bech32m
from stdnum.cn import ric, uscc

OUT = Path(__file__).with_name("parties.jsonl")

# simplified | traditional | pinyin (family, given) | Wade-Giles | HK Cantonese ("" = none)
# | a different person sharing the family name: simplified, pinyin
PERSONS = [
    ("郑福井", "鄭福井", "Zheng Fujing", "Cheng Fu-ching", "", "郑福平", "Zheng Fuping"),
    ("张磊", "張磊", "Zhang Lei", "Chang Lei", "Cheung Lui", "张林", "Zhang Lin"),
    ("胡永安", "胡永安", "Hu Yongan", "Hu Yung-an", "Wu Wing On", "胡永康", "Hu Yongkang"),
    (
        "张继成",
        "張繼成",
        "Zhang Jicheng",
        "Chang Chi-cheng",
        "Cheung Kai Shing",
        "张家成",
        "Zhang Jiacheng",
    ),
    (
        "颜晓兵",
        "顏曉兵",
        "Yan Xiaobing",
        "Yen Hsiao-ping",
        "Ngan Hiu Ping",
        "颜晓明",
        "Yan Xiaoming",
    ),
    ("周文美", "周文美", "Zhou Wenmei", "Chou Wen-mei", "Chow Man Mei", "周文伟", "Zhou Wenwei"),
    (
        "邓小平",
        "鄧小平",
        "Deng Xiaoping",
        "Teng Hsiao-p'ing",
        "Tang Siu Ping",
        "邓小明",
        "Deng Xiaoming",
    ),
    ("陈家豪", "陳家豪", "Chen Jiahao", "Ch'en Chia-hao", "Chan Ka Ho", "陈家辉", "Chen Jiahui"),
    (
        "黄志明",
        "黃志明",
        "Huang Zhiming",
        "Huang Chih-ming",
        "Wong Chi Ming",
        "黄志勇",
        "Huang Zhiyong",
    ),
    ("李嘉欣", "李嘉欣", "Li Jiaxin", "Li Chia-hsin", "Lee Ka Yan", "李家兴", "Li Jiaxing"),
    ("刘德华", "劉德華", "Liu Dehua", "Liu Te-hua", "Lau Tak Wah", "刘德辉", "Liu Dehui"),
    (
        "梁朝伟",
        "梁朝偉",
        "Liang Chaowei",
        "Liang Ch'ao-wei",
        "Leung Chiu Wai",
        "梁朝阳",
        "Liang Chaoyang",
    ),
    ("吴国强", "吳國強", "Wu Guoqiang", "Wu Kuo-ch'iang", "Ng Kwok Keung", "吴国庆", "Wu Guoqing"),
    ("曾志伟", "曾志偉", "Zeng Zhiwei", "Tseng Chih-wei", "Tsang Chi Wai", "曾志文", "Zeng Zhiwen"),
    ("周润发", "周潤發", "Zhou Runfa", "Chou Jun-fa", "Chow Yun Fat", "周润生", "Zhou Runsheng"),
    (
        "杨光明",
        "楊光明",
        "Yang Guangming",
        "Yang Kuang-ming",
        "Yeung Kwong Ming",
        "杨光荣",
        "Yang Guangrong",
    ),
    ("谢文华", "謝文華", "Xie Wenhua", "Hsieh Wen-hua", "Tse Man Wah", "谢文辉", "Xie Wenhui"),
    ("徐建国", "徐建國", "Xu Jianguo", "Hsu Chien-kuo", "Tsui Kin Kwok", "徐建华", "Xu Jianhua"),
    ("赵丽华", "趙麗華", "Zhao Lihua", "Chao Li-hua", "Chiu Lai Wah", "赵丽红", "Zhao Lihong"),
    (
        "郭志强",
        "郭志強",
        "Guo Zhiqiang",
        "Kuo Chih-ch'iang",
        "Kwok Chi Keung",
        "郭志刚",
        "Guo Zhigang",
    ),
    (
        "单田芳",
        "單田芳",
        "Shan Tianfang",
        "Shan T'ien-fang",
        "Sin Tin Fong",
        "单田宇",
        "Shan Tianyu",
    ),
    ("解振华", "解振華", "Xie Zhenhua", "Hsieh Chen-hua", "", "解振国", "Xie Zhenguo"),
    ("仇晓东", "仇曉東", "Qiu Xiaodong", "Ch'iu Hsiao-tung", "", "仇晓峰", "Qiu Xiaofeng"),
    ("区志坚", "區志堅", "Ou Zhijian", "Ou Chih-chien", "Au Chi Kin", "区志明", "Ou Zhiming"),
    ("查良镛", "查良鏞", "Zha Liangyong", "Cha Liang-yung", "", "查良军", "Zha Liangjun"),
    ("盖伟", "蓋偉", "Ge Wei", "Ko Wei", "", "盖军", "Ge Jun"),
    ("乐嘉", "樂嘉", "Yue Jia", "Yueh Chia", "", "乐平", "Yue Ping"),
    (
        "任正非",
        "任正非",
        "Ren Zhengfei",
        "Jen Cheng-fei",
        "Yam Ching Fei",
        "任正平",
        "Ren Zhengping",
    ),
    ("朴成哲", "朴成哲", "Piao Chengzhe", "P'iao Ch'eng-che", "", "朴成浩", "Piao Chenghao"),
    ("欧阳明", "歐陽明", "Ouyang Ming", "Ou-yang Ming", "Au Yeung Ming", "欧阳亮", "Ouyang Liang"),
    ("司马光", "司馬光", "Sima Guang", "Ssu-ma Kuang", "", "司马亮", "Sima Liang"),
    (
        "王建军",
        "王建軍",
        "Wang Jianjun",
        "Wang Chien-chun",
        "Wong Kin Kwan",
        "王建国",
        "Wang Jianguo",
    ),
    ("林志玲", "林志玲", "Lin Zhiling", "Lin Chih-ling", "Lam Chi Ling", "林志颖", "Lin Zhiying"),
    ("何家伟", "何家偉", "He Jiawei", "Ho Chia-wei", "Ho Ka Wai", "何家辉", "He Jiahui"),
    ("罗文", "羅文", "Luo Wen", "Lo Wen", "Law Man", "罗军", "Luo Jun"),
    ("马晓燕", "馬曉燕", "Ma Xiaoyan", "Ma Hsiao-yen", "Ma Hiu Yin", "马晓云", "Ma Xiaoyun"),
    ("孙立新", "孫立新", "Sun Lixin", "Sun Li-hsin", "Suen Lap Sun", "孙立军", "Sun Lijun"),
    ("蔡英文", "蔡英文", "Cai Yingwen", "Ts'ai Ying-wen", "Choi Ying Man", "蔡英杰", "Cai Yingjie"),
    ("邹家华", "鄒家華", "Zou Jiahua", "Tsou Chia-hua", "Chau Ka Wah", "邹家明", "Zou Jiaming"),
    ("江泽民", "江澤民", "Jiang Zemin", "Chiang Tse-min", "Kong Chak Man", "江泽军", "Jiang Zejun"),
]

# Hanzi homophones: same pinyin, different characters, different people.
HOMOPHONES = [
    ("张伟", "张炜"),
    ("李娜", "李纳"),
    ("王静", "王晶"),
    ("刘洋", "刘阳"),
    ("陈晨", "陈辰"),
    ("杨帆", "杨凡"),
    ("周杰", "周洁"),
    ("黄磊", "黄蕾"),
    ("赵敏", "赵民"),
    ("孙丽", "孙莉"),
]
# Same given name, different family names.
OTHER_SURNAME = [
    ("Li Wei", "Liu Wei"),
    ("Wang Fang", "Huang Fang"),
    ("Zhang Min", "Zhao Min"),
    ("Chen Jie", "Cheng Jie"),
    ("Yang Yang", "Tang Yang"),
    ("Xu Li", "Xue Li"),
    ("Zhou Hong", "Zou Hong"),
    ("Sun Jian", "Song Jian"),
]

# simplified | traditional | English | English with other legal form / industry rendering
# | same place and industry, different brand: simplified, English
COMPANIES = [
    (
        "湖北精奥生物科技有限公司",
        "湖北精奧生物科技有限公司",
        "Hubei Jingao Biotechnology Co., Ltd.",
        "HUBEI JINGAO BIO-TECH COMPANY LIMITED",
        "湖北精华生物科技有限公司",
        "Hubei Jinghua Biotechnology Co., Ltd.",
    ),
    (
        "武汉恒达化工有限公司",
        "武漢恆達化工有限公司",
        "Wuhan Hengda Chemical Co., Ltd.",
        "Wuhan Hengda Chemical Industry Company Limited",
        "武汉恒泰化工有限公司",
        "Wuhan Hengtai Chemical Co., Ltd.",
    ),
    (
        "上海华谊医药科技有限公司",
        "上海華誼醫藥科技有限公司",
        "Shanghai Huayi Pharmaceutical Technology Co., Ltd.",
        "Shanghai Huayi Pharmatech Co Ltd",
        "上海华瑞医药科技有限公司",
        "Shanghai Huarui Pharmaceutical Technology Co., Ltd.",
    ),
    (
        "河北远航化工贸易有限公司",
        "河北遠航化工貿易有限公司",
        "Hebei Yuanhang Chemical Trading Co., Ltd.",
        "Hebei Yuanhang Chemicals Trade Company Limited",
        "河北远洋化工贸易有限公司",
        "Hebei Yuanyang Chemical Trading Co., Ltd.",
    ),
    (
        "南京康达进出口有限公司",
        "南京康達進出口有限公司",
        "Nanjing Kangda Import and Export Co., Ltd.",
        "Nanjing Kangda Imp. & Exp. Co. Ltd",
        "南京康泰进出口有限公司",
        "Nanjing Kangtai Import and Export Co., Ltd.",
    ),
    (
        "广州金盛化学品有限公司",
        "廣州金盛化學品有限公司",
        "Guangzhou Jinsheng Chemicals Co., Ltd.",
        "Guangzhou Jinsheng Chemical Products Company Limited",
        "广州金成化学品有限公司",
        "Guangzhou Jincheng Chemicals Co., Ltd.",
    ),
    (
        "深圳博瑞生物医药有限公司",
        "深圳博瑞生物醫藥有限公司",
        "Shenzhen Borui Biopharmaceutical Co., Ltd.",
        "Shenzhen Borui Bio-Pharmaceutical Company Limited",
        "深圳博越生物医药有限公司",
        "Shenzhen Boyue Biopharmaceutical Co., Ltd.",
    ),
    (
        "郑州新天地化工有限公司",
        "鄭州新天地化工有限公司",
        "Zhengzhou Xintiandi Chemical Co., Ltd.",
        "Zhengzhou Xin Tian Di Chemical Industry Co Ltd",
        "郑州新天化工有限公司",
        "Zhengzhou Xintian Chemical Co., Ltd.",
    ),
    (
        "杭州龙翔医药科技有限公司",
        "杭州龍翔醫藥科技有限公司",
        "Hangzhou Longxiang Pharmaceutical Technology Co., Ltd.",
        "Hangzhou Longxiang Pharmaceutical Science and Technology Company Limited",
        "杭州龙兴医药科技有限公司",
        "Hangzhou Longxing Pharmaceutical Technology Co., Ltd.",
    ),
    (
        "成都华西化学试剂有限公司",
        "成都華西化學試劑有限公司",
        "Chengdu Huaxi Chemical Reagent Co., Ltd.",
        "Chengdu Huaxi Chemical Reagents Company Limited",
        "成都华东化学试剂有限公司",
        "Chengdu Huadong Chemical Reagent Co., Ltd.",
    ),
    (
        "苏州东华精细化工有限公司",
        "蘇州東華精細化工有限公司",
        "Suzhou Donghua Fine Chemical Co., Ltd.",
        "Suzhou Donghua Fine Chemicals Company Ltd",
        "苏州东方精细化工有限公司",
        "Suzhou Dongfang Fine Chemical Co., Ltd.",
    ),
    (
        "天津万达生物技术有限公司",
        "天津萬達生物技術有限公司",
        "Tianjin Wanda Biological Technology Co., Ltd.",
        "Tianjin Wanda Biotech Co Ltd",
        "天津万通生物技术有限公司",
        "Tianjin Wantong Biological Technology Co., Ltd.",
    ),
    (
        "西安富力化工有限公司",
        "西安富力化工有限公司",
        "Xi'an Fuli Chemical Co., Ltd.",
        "Xian Fuli Chemical Industry Co Ltd",
        "西安富华化工有限公司",
        "Xi'an Fuhua Chemical Co., Ltd.",
    ),
    (
        "济南百川医药有限公司",
        "濟南百川醫藥有限公司",
        "Jinan Baichuan Pharmaceutical Co., Ltd.",
        "Jinan Baichuan Medicine Company Limited",
        "济南百合医药有限公司",
        "Jinan Baihe Pharmaceutical Co., Ltd.",
    ),
    (
        "长沙新宇化工贸易有限公司",
        "長沙新宇化工貿易有限公司",
        "Changsha Xinyu Chemical Trading Co., Ltd.",
        "Changsha Xinyu Chemical Trade Co Ltd",
        "长沙新源化工贸易有限公司",
        "Changsha Xinyuan Chemical Trading Co., Ltd.",
    ),
    (
        "宁波海天国际贸易有限公司",
        "寧波海天國際貿易有限公司",
        "Ningbo Haitian International Trading Co., Ltd.",
        "Ningbo Haitian Intl Trade Company Limited",
        "宁波海通国际贸易有限公司",
        "Ningbo Haitong International Trading Co., Ltd.",
    ),
    (
        "合肥安科生物工程有限公司",
        "合肥安科生物工程有限公司",
        "Hefei Anke Bioengineering Co., Ltd.",
        "Hefei Anke Biological Engineering Company Limited",
        "合肥安康生物工程有限公司",
        "Hefei Ankang Bioengineering Co., Ltd.",
    ),
    (
        "厦门鑫达医药化工有限公司",
        "廈門鑫達醫藥化工有限公司",
        "Xiamen Xinda Pharmaceutical Chemical Co., Ltd.",
        "Xiamen Xinda Pharmachem Co Ltd",
        "厦门鑫泰医药化工有限公司",
        "Xiamen Xintai Pharmaceutical Chemical Co., Ltd.",
    ),
    (
        "青岛恒源化学有限公司",
        "青島恆源化學有限公司",
        "Qingdao Hengyuan Chemical Co., Ltd.",
        "Qingdao Hengyuan Chemicals Company Limited",
        "青岛恒力化学有限公司",
        "Qingdao Hengli Chemical Co., Ltd.",
    ),
    (
        "重庆明达化工有限公司",
        "重慶明達化工有限公司",
        "Chongqing Mingda Chemical Co., Ltd.",
        "Chongqing Mingda Chemical Industry Co Ltd",
        "重庆明德化工有限公司",
        "Chongqing Mingde Chemical Co., Ltd.",
    ),
    (
        "武汉远城科技发展有限公司",
        "武漢遠城科技發展有限公司",
        "Wuhan Yuancheng Science and Technology Development Co., Ltd.",
        "Wuhan Yuancheng Technology Development Company Limited",
        "武汉远大科技发展有限公司",
        "Wuhan Yuanda Science and Technology Development Co., Ltd.",
    ),
    (
        "上海博康精细化工有限公司",
        "上海博康精細化工有限公司",
        "Shanghai Bokang Fine Chemicals Co., Ltd.",
        "Shanghai Bokang Fine Chemical Company Limited",
        "上海博凯精细化工有限公司",
        "Shanghai Bokai Fine Chemicals Co., Ltd.",
    ),
    (
        "北京中科化学试剂有限公司",
        "北京中科化學試劑有限公司",
        "Beijing Zhongke Chemical Reagents Co., Ltd.",
        "Beijing Zhongke Chemical Reagent Company Limited",
        "北京中成化学试剂有限公司",
        "Beijing Zhongcheng Chemical Reagents Co., Ltd.",
    ),
    (
        "浙江华海药业股份有限公司",
        "浙江華海藥業股份有限公司",
        "Zhejiang Huahai Pharmaceutical Co., Ltd.",
        "Zhejiang Huahai Pharmaceuticals Joint Stock Co Ltd",
        "浙江华东药业股份有限公司",
        "Zhejiang Huadong Pharmaceutical Co., Ltd.",
    ),
    (
        "江苏恒瑞医药股份有限公司",
        "江蘇恆瑞醫藥股份有限公司",
        "Jiangsu Hengrui Medicine Co., Ltd.",
        "Jiangsu Hengrui Pharmaceuticals Co Ltd",
        "江苏恒邦医药股份有限公司",
        "Jiangsu Hengbang Medicine Co., Ltd.",
    ),
]

# Non-Chinese names, Latin vs Latin: (a, b, label).
LATIN = [
    ("Joaquin Archivaldo Guzman Loera", "GUZMAN LOERA, Joaquin Archivaldo", 1),
    ("Mohammad Ghorbaniyan", "Mohammed Ghorbanian", 1),
    ("Rafael Caro Quintero", "CARO QUINTERO, Rafael", 1),
    ("Ismael Zambada Garcia", "ZAMBADA GARCIA, Ismael", 1),
    ("Anglo-Caribbean Co., Ltd.", "ANGLO CARIBBEAN COMPANY LIMITED", 1),
    ("Boyle Chemical Co., Ltd.", "BOYLE CHEMICAL CO LTD", 1),
    ("GUZMAN LOERA, Joaquin", "GUZMAN LOPEZ, Ovidio", 0),
    ("Rafael Caro Quintero", "Rafael Caro Garcia", 0),
    ("Ismael Zambada Garcia", "Ismael Zambada Sicairos", 0),
    ("Boyle Chemical Co., Ltd.", "Doyle Chemical Co., Ltd.", 0),
    ("Banco Nacional de Cuba", "Banco Nacional de Panama", 0),
    ("Mohammad Ghorbaniyan", "Mohammad Ghorbani", 0),
]

# EIP-55 test vectors (checksummed), and bitcoin addresses from the OFAC SDN list.
ETH = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
]
BTC = [
    "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
    "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
    "13f59kUM5FU8MfTG7DCEugYarDhSD7XCoC",
    "1P3ZfGFLezzYGg9k5SVzQmnjyh7nrUmF2y",
    "1EpMiZkQVekM5ij12nMiEwttFPcDK9XhX6",
    "1JREJdZupiFhE7ZzQPtASuMCvvpXC7wRsC",
]
BECH32 = ["BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"]
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def entity(schema: str, name: str | list[str], **props: str) -> dict[str, Any]:
    names = name if isinstance(name, list) else [name]
    properties: dict[str, list[str]] = {"name": names} if names else {}
    properties.update({key: [value] for key, value in props.items()})
    return {"schema": schema, "properties": properties}


def sdn_style(pinyin: str) -> str:
    family, given = pinyin.split(" ", 1)
    return f"{family.upper()}, {given}"


def person_pairs(rng: random.Random) -> list[tuple[str, int, dict[str, Any], dict[str, Any]]]:
    pairs = []
    for simp, trad, pinyin, wg, cant, other_simp, other_pinyin in PERSONS:
        family, given = pinyin.split(" ", 1)
        latin = rng.choice([pinyin, sdn_style(pinyin), f"{given} {family}"])
        pairs.append(("hanzi_simplified_vs_pinyin", 1, simp, latin))
        pairs.append(
            ("hanzi_traditional_vs_pinyin", 1, trad, rng.choice([pinyin, sdn_style(pinyin)]))
        )
        if simp != trad:
            pairs.append(("hanzi_traditional_vs_simplified", 1, trad, simp))
        pairs.append(("wade_giles", 1, wg, rng.choice([pinyin, sdn_style(pinyin)])))
        pairs.append(("wade_giles_vs_hanzi", 1, wg, rng.choice([simp, trad])))
        if cant:
            pairs.append(("cantonese", 1, cant, rng.choice([pinyin, sdn_style(pinyin)])))
            pairs.append(("cantonese_vs_hanzi", 1, cant, trad))
            pairs.append(("cantonese_negative", 0, cant, other_pinyin))
        pairs.append(("surname_order", 1, f"{given} {family.upper()}", sdn_style(pinyin)))
        other_given = other_pinyin.split(" ", 1)[1]
        if len(split_given(given)) > 1:
            pairs.append(("syllable_split", 1, split_form(rng, family, given), pinyin))
        if len(split_given(other_given)) > 1:
            pairs.append(
                ("syllable_split_negative", 0, split_form(rng, family, other_given), pinyin)
            )
        pairs.append(
            ("surname_order_negative", 0, f"{other_given} {family.upper()}", sdn_style(pinyin))
        )
        pairs.append(("hanzi_traditional_negative", 0, trad, other_pinyin))
        pairs.append(("shared_surname_latin", 0, pinyin, other_pinyin))
        pairs.append(("shared_surname_hanzi", 0, simp, other_simp))
        pairs.append(("shared_surname_cross_script", 0, simp, other_pinyin))
        pairs.append(("wade_giles_negative", 0, wg, other_pinyin))
    for a, b in HOMOPHONES:
        pairs.append(("hanzi_homophone", 0, a, b))
    for a, b in OTHER_SURNAME:
        pairs.append(("other_surname", 0, a, b))
    return [(kind, label, entity("Person", a), entity("Person", b)) for kind, label, a, b in pairs]


GIVEN_SYLLABLES = {
    "Fujing": "Fu jing",
    "Yongan": "Yong an",
    "Jicheng": "Ji cheng",
    "Xiaobing": "Xiao bing",
    "Wenmei": "Wen mei",
    "Xiaoping": "Xiao ping",
    "Jiahao": "Jia hao",
    "Zhiming": "Zhi ming",
    "Jiaxin": "Jia xin",
    "Dehua": "De hua",
    "Chaowei": "Chao wei",
    "Guoqiang": "Guo qiang",
    "Zhiwei": "Zhi wei",
    "Runfa": "Run fa",
    "Guangming": "Guang ming",
    "Wenhua": "Wen hua",
    "Jianguo": "Jian guo",
    "Lihua": "Li hua",
    "Zhiqiang": "Zhi qiang",
    "Tianfang": "Tian fang",
    "Zhenhua": "Zhen hua",
    "Xiaodong": "Xiao dong",
    "Zhijian": "Zhi jian",
    "Liangyong": "Liang yong",
    "Zhengfei": "Zheng fei",
    "Chengzhe": "Cheng zhe",
    "Jianjun": "Jian jun",
    "Zhiling": "Zhi ling",
    "Jiawei": "Jia wei",
    "Xiaoyan": "Xiao yan",
    "Lixin": "Li xin",
    "Yingwen": "Ying wen",
    "Jiahua": "Jia hua",
    "Zemin": "Ze min",
    "Fuping": "Fu ping",
    "Yongkang": "Yong kang",
    "Jiacheng": "Jia cheng",
    "Xiaoming": "Xiao ming",
    "Wenwei": "Wen wei",
    "Jiahui": "Jia hui",
    "Zhiyong": "Zhi yong",
    "Jiaxing": "Jia xing",
    "Dehui": "De hui",
    "Chaoyang": "Chao yang",
    "Guoqing": "Guo qing",
    "Zhiwen": "Zhi wen",
    "Runsheng": "Run sheng",
    "Guangrong": "Guang rong",
    "Wenhui": "Wen hui",
    "Jianhua": "Jian hua",
    "Lihong": "Li hong",
    "Zhigang": "Zhi gang",
    "Tianyu": "Tian yu",
    "Zhenguo": "Zhen guo",
    "Xiaofeng": "Xiao feng",
    "Liangjun": "Liang jun",
    "Zhengping": "Zheng ping",
    "Chenghao": "Cheng hao",
    "Zhiying": "Zhi ying",
    "Xiaoyun": "Xiao yun",
    "Lijun": "Li jun",
    "Yingjie": "Ying jie",
    "Jiaming": "Jia ming",
    "Zejun": "Ze jun",
}


def split_given(given: str) -> list[str]:
    """The given name's syllables, as split by hand in GIVEN_SYLLABLES."""
    return GIVEN_SYLLABLES.get(given, given).split(" ")


def split_form(rng: random.Random, family: str, given: str) -> str:
    syllables = split_given(given)
    return f"{family} {rng.choice(['-'.join(syllables), ' '.join(syllables)])}"


def company_pairs() -> list[tuple[str, int, dict[str, Any], dict[str, Any]]]:
    pairs = []
    for simp, trad, english, english_alt, other_simp, other_english in COMPANIES:
        pairs.append(("company_hanzi_vs_english", 1, simp, english))
        pairs.append(("company_traditional_vs_english", 1, trad, english_alt))
        pairs.append(("company_legal_form_industry", 1, english, english_alt))
        pairs.append(("company_same_city_industry_latin", 0, english, other_english))
        pairs.append(("company_same_city_industry_hanzi", 0, simp, other_simp))
        pairs.append(("company_same_city_industry_cross", 0, trad, other_english))
        pairs.append(("company_legal_form_industry_negative", 0, other_english, english_alt))
    return [
        (kind, label, entity("Company", a), entity("Company", b)) for kind, label, a, b in pairs
    ]


def identifier_pairs(rng: random.Random) -> list[tuple[str, int, dict[str, Any], dict[str, Any]]]:
    pairs = []
    for index, (simp, _trad, english, _alt, _o, _oe) in enumerate(COMPANIES[:12]):
        code = make_uscc(rng)
        other = make_uscc(rng)
        brand_only = english.split(" ", 1)[1]  # the English name without its place
        pairs.append(
            (
                "identifiers_agree",
                1,
                entity("Company", simp, uscCode=code),
                entity("Company", brand_only, uscCode=code),
            )
        )
        pairs.append(
            (
                "identifiers_conflict",
                0,
                entity("Company", simp, uscCode=code),
                entity("Company", english, uscCode=other),
            )
        )
        person = PERSONS[index]
        person_id, other_id = make_ric(rng), make_ric(rng)
        pairs.append(
            (
                "identifiers_conflict",
                0,
                entity("Person", person[0], idNumber=person_id),
                entity("Person", sdn_style(person[2]), idNumber=other_id),
            )
        )
        passport = f"E{rng.randrange(10**7, 10**8)}"
        english_name = rng.choice(["William", "Steven", "David", "Kevin", "Michael"])
        alias = f"{english_name} {person[2].split(' ')[0]}"
        pairs.append(
            (
                "identifiers_agree",
                1,
                entity("Person", sdn_style(person[2]), passportNumber=passport),
                entity("Person", alias, passportNumber=passport),
            )
        )
    return pairs


def make_uscc(rng: random.Random) -> str:
    body = (
        "91"
        + f"{rng.randrange(110000, 659999)}"
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    )
    return body + str(uscc.calc_check_digit(body))


def make_ric(rng: random.Random) -> str:
    body = f"{rng.randrange(110000, 659999)}19{rng.randrange(50, 99)}{rng.randrange(1, 12):02d}"
    body += f"{rng.randrange(1, 28):02d}{rng.randrange(100, 999)}"
    return body + str(ric.calc_check_digit(body))


def wallet_pairs(rng: random.Random) -> list[tuple[str, int, dict[str, Any], dict[str, Any]]]:
    pairs: list[tuple[str, int, str, str]] = []
    for address in ETH:
        pairs.append(("wallet_forms", 1, address, address.lower()))
        pairs.append(("wallet_forms", 1, address[2:].lower(), f"ethereum:{address}"))
        pairs.append(("wallet_lookalike", 0, address, lookalike(rng, address, "0123456789abcdef")))
    for address in BTC:
        pairs.append(("wallet_forms", 1, f"bitcoin:{address}?amount=0.5", address))
        pairs.append(("wallet_lookalike", 0, address, lookalike(rng, address, BASE58)))
    for address in BECH32:
        pairs.append(("wallet_forms", 1, address, address.lower()))
        pairs.append(
            (
                "wallet_lookalike",
                0,
                address.lower(),
                lookalike(rng, address.lower(), "023456789acdefghjklmnpqrsuvwxyz"),
            )
        )
    for first, second in zip(BTC, BTC[1:] + ETH[:1], strict=True):
        pairs.append(("wallet_different", 0, first, second))
    return [
        (
            kind,
            label,
            entity("CryptoWallet", [], publicKey=a),
            entity("CryptoWallet", [], publicKey=b),
        )
        for kind, label, a, b in pairs
    ]


def lookalike(rng: random.Random, address: str, alphabet: str) -> str:
    """A valid address with the same first and last characters and a different middle: how
    poisoning addresses look. The middle drawn seeds the search for a valid one."""
    head, tail = address[:8], address[-6:]
    middle = "".join(rng.choice(alphabet) for _ in range(len(address) - 14))
    return valid_lookalike(address, head + middle + tail)


def valid_lookalike(address: str, drawn: str) -> str:
    """A valid address sharing `address`'s first 6 and last 4 characters (at least the 4 and 4
    the matcher compares), found as a poisoner finds one: by trying. EVM: the drawn address in
    lowercase (no checksum case). Base58check and bech32: deterministic trials seeded by the
    drawn text until the encoding ends alike (~11 million for base58, ~1 million for bech32:
    a few minutes in all)."""
    if address.startswith("0x"):
        return drawn.lower()
    seed = int.from_bytes(hashlib.sha256(drawn.encode()).digest()[:8], "big")
    if address.lower().startswith("bc1"):
        return _bech32_lookalike(address.lower(), seed)
    return _base58_lookalike(address, seed)


def _base58_lookalike(address: str, seed: int) -> str:
    raw = base58.b58decode_check(address)  # version and hash
    modulus = 58**4
    wanted = int.from_bytes(base58.b58decode(address), "big") % modulus
    for trial in itertools.count(seed):
        payload = raw[:5] + (trial % 2**96).to_bytes(12, "big") + raw[17:]
        check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
        if int.from_bytes(payload + check, "big") % modulus != wanted:
            continue
        found = base58.b58encode_check(payload).decode()
        if found[:6] == address[:6] and found != address:
            return found
    raise AssertionError("unreachable")


def _bech32_lookalike(address: str, seed: int) -> str:
    version, program = bech32m.decode("bc", address)
    for trial in itertools.count(seed):
        middle = (trial % 2 ** (8 * (len(program) - 3))).to_bytes(len(program) - 3, "big")
        found: str = bech32m.encode("bc", version, bytes(program[:3]) + middle)
        if found[-4:] == address[-4:] and found[:8] == address[:8] and found != address:
            return found
    raise AssertionError("unreachable")


def latin_pairs() -> list[tuple[str, int, dict[str, Any], dict[str, Any]]]:
    pairs = []
    for a, b, label in LATIN:
        schema = "Company" if any(w in a.lower() for w in ("co.", "banco")) else "Person"
        kind = "latin_names" if label else "latin_names_negative"
        pairs.append((kind, label, entity(schema, a), entity(schema, b)))
    return pairs


def main() -> None:
    rng = random.Random(20260601)
    rows = person_pairs(rng) + company_pairs() + identifier_pairs(rng) + wallet_pairs(rng)
    rows += latin_pairs()
    with OUT.open("w", encoding="utf-8") as out:
        for number, (kind, label, a, b) in enumerate(rows, start=1):
            line = {"id": f"dev-{number:04d}", "kind": kind, "label": label, "a": a, "b": b}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    positives = sum(1 for row in rows if row[1] == 1)
    print(f"{len(rows)} pairs: {positives} positive, {len(rows) - positives} negative -> {OUT}")


if __name__ == "__main__":
    main()
