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
    '荣安大街',
    '南市',
    '赤峰道',
    '承德道',
    '山西路',
    '哈密道',
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
    '大直沽',
    '富民路',
    '二号桥',
    '鲁山道',
    '六纬路',
    '东兴路',
    '上杭路',
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
    '马场道',
    '尖山',
    '天塔',
    '挂甲寺',
    '越秀路',
    '洞庭路',
    '太湖路',
    '平山道',
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
    '华苑',
    '嘉陵道',
    '宾水道',
    '密云路',
    '红旗路',
    '南门外大街',
    '广开',
  ],
  '120105': [
    '中山路',
    '金钟河大街',
    '王串场',
    '建昌道',
    '宁园',
    '北站',
    '望海楼',
    '光复道',
    '月牙河',
    '江都路',
    '铁东路',
    '狮子林大街',
    '五马路',
    '新开河',
  ],
  '120106': [
    '丁字沽',
    '芥园道',
    '西沽',
    '咸阳北路',
    '三条石',
    '西站',
    '邵公庄',
    '和苑',
    '光荣道',
    '勤俭道',
    '铃铛阁',
    '大胡同',
    '本溪路',
  ],
  '120110': [
    '张贵庄',
    '万新',
    '军粮城',
    '新立',
    '华明',
    '金桥',
    '程林',
    '东丽湖',
    '无瑕',
    '丰年村',
    '张贵庄路',
  ],
  '120111': [
    '中北镇',
    '杨柳青',
    '大寺',
    '李七庄',
    '张家窝',
    '精武',
    '辛口',
    '王稳庄',
    '赛达',
    '侯台',
  ],
  '120112': ['咸水沽', '双港', '八里台', '辛庄', '双桥河', '海河教育园', '北闸口', '葛沽', '小站'],
  '120113': [
    '果园新村',
    '宜兴埠',
    '天穆',
    '北仓',
    '瑞景',
    '集贤里',
    '双街',
    '青光',
    '西堤头',
    '佳荣里',
  ],
  '120114': ['杨村', '下朱庄', '黄庄', '徐官屯', '南蔡村', '京滨', '城关'],
  '120115': ['宝平', '海滨', '钰华', '大口屯', '口东', '新开口'],
  '120116': [
    '塘沽',
    '开发区',
    '汉沽',
    '大港',
    '新港',
    '新北',
    '胡家园',
    '生态城',
    '杭州道',
    '于家堡',
    '大沽',
    '泰达',
  ],
  '120117': ['芦台', '桥北', '潘庄', '东棘坨', '七里海'],
  '120118': ['静海镇', '大邱庄', '团泊', '子牙', '唐官屯'],
  '120119': ['渔阳', '文昌', '邦均', '盘山', '下营', '官庄'],
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
  { district: '120116', place: '北疆', type: '热电厂' },
  { district: '120116', place: '大港', type: '热电厂' },
  { district: '120116', place: '南疆', type: '热电厂' },
  { district: '120102', place: '程林', type: '热源厂' },
];

/**
 * The city's flood-prone tunnels (Tianjin lists 13): underpasses under railways and expressways,
 * most of them in the six central districts. Street names are real; the list itself is illustrative.
 */
export const FLOOD_PRONE_TUNNELS: readonly { district: DistrictCode; street: string }[] = [
  { district: '120104', street: '复康路' },
  { district: '120101', street: '南京路' },
  { district: '120103', street: '解放南路' },
  { district: '120102', street: '津塘路' },
  { district: '120105', street: '中山路' },
  { district: '120106', street: '咸阳北路' },
  { district: '120104', street: '卫津路' },
  { district: '120103', street: '黑牛城道' },
  { district: '120102', street: '卫国道' },
  { district: '120105', street: '金钟河大街' },
  { district: '120110', street: '张贵庄路' },
  { district: '120111', street: '李七庄' },
  { district: '120113', street: '北仓' },
];

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 2 -> 二, 12 -> 十二, 305 -> 三百零五 (enough for the suffixes used here, up to 9999). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_DIGITS[n]!;
  if (n < 20) return `十${CHINESE_DIGITS[n - 10]!}`;
  if (n < 100) {
    const ones = n % 10;
    return `${CHINESE_DIGITS[Math.floor(n / 10)]!}十${ones ? CHINESE_DIGITS[ones]! : ''}`;
  }
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let text = '';
  let zero = false;
  for (const [unit, name] of units) {
    const digit = Math.floor(n / unit) % 10;
    if (unit > n) continue;
    if (digit === 0) zero = text !== '';
    else {
      text += `${zero ? '零' : ''}${CHINESE_DIGITS[digit]!}${name}`;
      zero = false;
    }
  }
  return text;
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
