import type { DistrictCode } from '@cityops/contracts';

/** Real street and place names per district, used to build plausible asset names. */
export const STREETS_BY_DISTRICT: Record<DistrictCode, readonly string[]> = {
  '120101': [
    '南京路',
    '滨江道',
    '营口道',
    '西康路',
    '成都道',
    '大沽北路',
    '睦南道',
    '新华路',
    '劝业场',
    '小白楼',
  ],
  '120102': [
    '十一经路',
    '津塘路',
    '大王庄',
    '中山门',
    '卫国道',
    '晨阳道',
    '东站',
    '唐家口',
    '向阳楼',
  ],
  '120103': [
    '友谊路',
    '解放南路',
    '围堤道',
    '梅江',
    '珠江道',
    '紫金山路',
    '黑牛城道',
    '大沽南路',
    '小海地',
  ],
  '120104': [
    '鞍山西道',
    '黄河道',
    '复康路',
    '白堤路',
    '卫津路',
    '水上公园',
    '长江道',
    '王顶堤',
    '西湖道',
  ],
  '120105': ['中山路', '金钟河大街', '王串场', '建昌道', '宁园', '北站', '望海楼', '光复道'],
  '120106': ['丁字沽', '芥园道', '西沽', '咸阳北路', '三条石', '西站', '邵公庄', '和苑'],
  '120110': ['张贵庄', '万新', '军粮城', '新立', '华明', '金桥'],
  '120111': ['中北镇', '杨柳青', '大寺', '李七庄', '张家窝', '精武'],
  '120112': ['咸水沽', '双港', '八里台', '辛庄', '双桥河', '海河教育园'],
  '120113': ['果园新村', '宜兴埠', '天穆', '北仓', '瑞景', '集贤里'],
  '120114': ['杨村', '下朱庄', '黄庄', '徐官屯'],
  '120115': ['宝平', '海滨', '钰华', '大口屯'],
  '120116': ['塘沽', '开发区', '汉沽', '大港', '新港', '新北', '胡家园'],
  '120117': ['芦台', '桥北', '潘庄'],
  '120118': ['静海镇', '大邱庄', '团泊'],
  '120119': ['渔阳', '文昌', '邦均'],
};

/** Tianjin's heat plants (simplified): the district they sit in, the place and the plant type. */
export const HEAT_PLANTS: readonly {
  district: DistrictCode;
  place: string;
  type: '热电厂' | '热源厂';
}[] = [
  { district: '120103', place: '陈塘庄', type: '热电厂' },
  { district: '120110', place: '东北郊', type: '热电厂' },
  { district: '120110', place: '军粮城', type: '热电厂' },
  { district: '120111', place: '杨柳青', type: '热电厂' },
  { district: '120113', place: '北辰', type: '热源厂' },
  { district: '120112', place: '双港', type: '热源厂' },
  { district: '120116', place: '北塘', type: '热电厂' },
  { district: '120104', place: '南开', type: '热源厂' },
];

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 2 -> 二, 12 -> 十二 (enough for the suffixes used here). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_DIGITS[n]!;
  if (n < 20) return `十${CHINESE_DIGITS[n - 10]!}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CHINESE_DIGITS[tens]!}十${ones ? CHINESE_DIGITS[ones]! : ''}`;
}

/** Hands out unique names: the first "南京路换热站", then "南京路二号换热站", ... */
export class UniqueNames {
  private readonly used = new Set<string>();

  take(base: string, suffix: string): string {
    let name = `${base}${suffix}`;
    for (let n = 2; this.used.has(name); n++) name = `${base}${chineseNumber(n)}号${suffix}`;
    this.used.add(name);
    return name;
  }
}
