// Attribute vocabulary of the generated catalog: hand-written definitions shared across branches
// (color, weight, material… serve many unrelated categories) plus templates that give each
// second-level category a few attributes of its own.
import type { AttributeType } from '../../../platform/db/schema.js';

/** How the generator draws a value; the attribute's min/max still bound it. */
export interface ValueHint {
  values?: number[];
  lo?: number;
  hi?: number;
  /** rounding step of numbers drawn from lo..hi */
  step?: number;
  texts?: string[];
  /** chance of true for booleans */
  p?: number;
  /** range: [min choices, width choices] */
  range?: [number[], number[]];
  /** multi_enum: how many options at most */
  many?: number;
  /** enum / multi_enum: only these option codes make sense here */
  codes?: string[];
}

export interface AttrSpec {
  code: string;
  name: string;
  en: string;
  type: AttributeType;
  group: string;
  unit?: string;
  min?: number;
  max?: number;
  pattern?: string;
  filterable?: boolean;
  searchable?: boolean;
  variant?: boolean;
  /** "code:Русский:English|…" */
  options?: string;
  hint?: ValueHint;
  /** templates only: the kinds of section they suit */
  kinds?: TemplateKind[];
}

export type TemplateKind = 'tech' | 'goods' | 'wear' | 'care';

export const GROUPS: [code: string, name: string, en: string][] = [
  ['general', 'Общие характеристики', 'General'],
  ['dimensions', 'Габариты и вес', 'Dimensions and weight'],
  ['display', 'Экран', 'Display'],
  ['memory', 'Память', 'Memory'],
  ['performance', 'Производительность', 'Performance'],
  ['connectivity', 'Связь и интерфейсы', 'Connectivity'],
  ['power', 'Питание', 'Power'],
  ['camera', 'Камера', 'Camera'],
  ['sound', 'Звук', 'Sound'],
  ['appliance', 'Функции и управление', 'Functions and controls'],
  ['clothing', 'Размер и посадка', 'Size and fit'],
  ['materials', 'Материалы', 'Materials'],
  ['sport', 'Спорт и активный отдых', 'Sport and outdoor'],
  ['kids', 'Для детей', 'For children'],
  ['auto', 'Автомобиль', 'Car'],
  ['tools', 'Инструмент', 'Tools'],
  ['beauty', 'Красота и уход', 'Beauty and care'],
  ['pets', 'Для животных', 'For pets'],
  ['extra', 'Дополнительно', 'Additional'],
];

const COLORS =
  'black:Черный:Black|white:Белый:White|gray:Серый:Gray|silver:Серебристый:Silver|blue:Синий:Blue|' +
  'lightblue:Голубой:Light blue|red:Красный:Red|green:Зеленый:Green|yellow:Желтый:Yellow|' +
  'orange:Оранжевый:Orange|pink:Розовый:Pink|purple:Фиолетовый:Purple|brown:Коричневый:Brown|' +
  'beige:Бежевый:Beige|gold:Золотистый:Gold|burgundy:Бордовый:Burgundy|khaki:Хаки:Khaki|' +
  'mint:Мятный:Mint|turquoise:Бирюзовый:Turquoise|graphite:Графитовый:Graphite';

const MATERIALS =
  'plastic:Пластик:Plastic|metal:Металл:Metal|aluminium:Алюминий:Aluminium|steel:Сталь:Steel|' +
  'stainless:Нержавеющая сталь:Stainless steel|wood:Дерево:Wood|glass:Стекло:Glass|ceramic:Керамика:Ceramic|' +
  'fabric:Ткань:Fabric|leather:Натуральная кожа:Leather|ecoleather:Экокожа:Faux leather|rubber:Резина:Rubber|' +
  'silicone:Силикон:Silicone|mdf:МДФ:MDF|chipboard:ЛДСП:Chipboard|cast_iron:Чугун:Cast iron';

const FABRICS =
  'cotton:Хлопок:Cotton|wool:Шерсть:Wool|linen:Лен:Linen|polyester:Полиэстер:Polyester|viscose:Вискоза:Viscose|' +
  'cashmere:Кашемир:Cashmere|silk:Шелк:Silk|denim:Деним:Denim|fleece:Флис:Fleece|knit:Трикотаж:Knitwear|' +
  'nylon:Нейлон:Nylon|membrane:Мембрана:Membrane';

export const CORE_ATTRIBUTES: AttrSpec[] = [
  // general
  { code: 'color', name: 'Цвет', en: 'Color', type: 'enum', group: 'general', filterable: true, variant: true, options: COLORS },
  {
    code: 'country', name: 'Страна производства', en: 'Country of origin', type: 'enum', group: 'general', filterable: true,
    options: 'cn:Китай:China|ru:Россия:Russia|de:Германия:Germany|vn:Вьетнам:Vietnam|tr:Турция:Turkey|by:Беларусь:Belarus|' +
      'it:Италия:Italy|kr:Южная Корея:South Korea|jp:Япония:Japan|pl:Польша:Poland|in:Индия:India|my:Малайзия:Malaysia|' +
      'th:Таиланд:Thailand|uz:Узбекистан:Uzbekistan|us:США:USA|fr:Франция:France|kz:Казахстан:Kazakhstan',
  },
  { code: 'warranty_months', name: 'Гарантия', en: 'Warranty', type: 'number', group: 'general', unit: 'мес', min: 0, max: 120, filterable: true, hint: { values: [6, 12, 12, 12, 24, 24, 36, 60] } },
  { code: 'release_year', name: 'Год выпуска', en: 'Release year', type: 'number', group: 'general', min: 2000, max: 2030, hint: { values: [2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2025] } },
  { code: 'manufacturer_code', name: 'Артикул производителя', en: 'Manufacturer part number', type: 'text', group: 'general', searchable: true, pattern: '^[A-Z0-9][A-Z0-9-]{2,24}$' },
  { code: 'package_contents', name: 'Комплектация', en: 'Package contents', type: 'text', group: 'general', hint: { texts: ['товар, инструкция', 'товар, кабель, документация', 'товар, упаковка, гарантийный талон', 'основной блок, аксессуары, руководство пользователя', 'товар, чехол, инструкция на русском языке'] } },
  { code: 'material', name: 'Материал', en: 'Material', type: 'enum', group: 'materials', filterable: true, options: MATERIALS },
  { code: 'body_material', name: 'Материал корпуса', en: 'Body material', type: 'enum', group: 'materials', filterable: true, options: 'plastic:Пластик:Plastic|aluminium:Алюминий:Aluminium|glass:Стекло:Glass|steel:Сталь:Steel|titanium:Титан:Titanium|ceramic:Керамика:Ceramic' },
  { code: 'waterproof', name: 'Водонепроницаемость', en: 'Waterproof', type: 'boolean', group: 'general', filterable: true, hint: { p: 0.35 } },
  { code: 'ip_rating', name: 'Степень защиты', en: 'Ingress protection', type: 'enum', group: 'general', filterable: true, options: 'ip20:IP20:IP20|ip44:IP44:IP44|ip54:IP54:IP54|ip65:IP65:IP65|ip67:IP67:IP67|ip68:IP68:IP68|ipx4:IPX4:IPX4|ipx7:IPX7:IPX7' },
  { code: 'eco_package', name: 'Экологичная упаковка', en: 'Eco packaging', type: 'boolean', group: 'extra', hint: { p: 0.2 } },
  { code: 'purpose', name: 'Назначение', en: 'Purpose', type: 'multi_enum', group: 'general', filterable: true, options: 'home:Для дома:Home|office:Для офиса:Office|pro:Профессиональное:Professional|dacha:Для дачи:Country house|travel:Для путешествий:Travel|universal:Универсальное:Universal', hint: { many: 2 } },
  // dimensions
  { code: 'weight', name: 'Вес', en: 'Weight', type: 'number', group: 'dimensions', unit: 'кг', min: 0.001, max: 2000, filterable: true, hint: { lo: 0.2, hi: 5, step: 0.05 } },
  { code: 'width', name: 'Ширина', en: 'Width', type: 'number', group: 'dimensions', unit: 'см', min: 0.1, max: 1000, hint: { lo: 5, hi: 80, step: 0.5 } },
  { code: 'height', name: 'Высота', en: 'Height', type: 'number', group: 'dimensions', unit: 'см', min: 0.1, max: 1000, hint: { lo: 5, hi: 120, step: 0.5 } },
  { code: 'depth', name: 'Глубина', en: 'Depth', type: 'number', group: 'dimensions', unit: 'см', min: 0.1, max: 1000, hint: { lo: 1, hi: 70, step: 0.5 } },
  { code: 'length', name: 'Длина', en: 'Length', type: 'number', group: 'dimensions', unit: 'см', min: 0.1, max: 5000, hint: { lo: 10, hi: 250, step: 1 } },
  { code: 'volume_l', name: 'Объем', en: 'Volume', type: 'number', group: 'dimensions', unit: 'л', min: 0.01, max: 2000, filterable: true, hint: { values: [0.5, 1, 1.5, 1.7, 2, 3, 5, 10, 20] } },
  { code: 'volume_ml', name: 'Объем', en: 'Volume', type: 'number', group: 'dimensions', unit: 'мл', min: 1, max: 5000, filterable: true, hint: { values: [15, 30, 50, 75, 100, 150, 200, 250, 400, 500] } },
  { code: 'max_load', name: 'Максимальная нагрузка', en: 'Maximum load', type: 'number', group: 'dimensions', unit: 'кг', min: 1, max: 5000, filterable: true, hint: { values: [50, 80, 100, 120, 150, 200, 300] } },
  // display
  { code: 'screen_diagonal', name: 'Диагональ экрана', en: 'Screen size', type: 'number', group: 'display', unit: '"', min: 0.5, max: 120, filterable: true, hint: { values: [6.1, 6.4, 6.6, 6.7, 6.8] } },
  { code: 'screen_resolution', name: 'Разрешение экрана', en: 'Screen resolution', type: 'enum', group: 'display', filterable: true, options: 'hd:1280×720 (HD):1280×720 (HD)|fhd:1920×1080 (Full HD):1920×1080 (Full HD)|fhdp:2400×1080 (FHD+):2400×1080 (FHD+)|qhd:2560×1440 (QHD):2560×1440 (QHD)|wqxga:2560×1600 (WQXGA):2560×1600 (WQXGA)|uhd:3840×2160 (4K UHD):3840×2160 (4K UHD)|uhd8k:7680×4320 (8K):7680×4320 (8K)' },
  { code: 'matrix_type', name: 'Тип матрицы', en: 'Panel type', type: 'enum', group: 'display', filterable: true, options: 'ips:IPS:IPS|oled:OLED:OLED|amoled:AMOLED:AMOLED|va:VA:VA|tn:TN:TN|qled:QLED:QLED|miniled:Mini-LED:Mini-LED' },
  { code: 'refresh_rate', name: 'Частота обновления экрана', en: 'Refresh rate', type: 'number', group: 'display', unit: 'Гц', min: 24, max: 540, filterable: true, hint: { values: [60, 60, 90, 120, 120, 144, 165, 240] } },
  { code: 'hdr', name: 'Поддержка HDR', en: 'HDR support', type: 'boolean', group: 'display', filterable: true, hint: { p: 0.6 } },
  { code: 'touchscreen', name: 'Сенсорный экран', en: 'Touchscreen', type: 'boolean', group: 'display', hint: { p: 0.3 } },
  // memory / performance
  { code: 'ram', name: 'Оперативная память', en: 'RAM', type: 'number', group: 'memory', unit: 'ГБ', min: 0.5, max: 512, filterable: true, variant: true, hint: { values: [4, 6, 8, 8, 8, 12, 16] } },
  { code: 'storage', name: 'Встроенная память', en: 'Storage', type: 'number', group: 'memory', unit: 'ГБ', min: 1, max: 16384, filterable: true, variant: true, hint: { values: [64, 128, 128, 256, 256, 512, 1024] } },
  { code: 'memory_card', name: 'Слот для карты памяти', en: 'Memory card slot', type: 'boolean', group: 'memory', hint: { p: 0.4 } },
  { code: 'cpu_model', name: 'Процессор', en: 'Processor', type: 'text', group: 'performance', searchable: true, hint: { texts: ['Snapdragon 8 Gen 3', 'Snapdragon 7s Gen 2', 'Dimensity 7200', 'Dimensity 9300', 'Exynos 1480', 'Helio G99', 'Apple A17 Pro', 'Unisoc T606', 'Intel Core i5-1335U', 'Intel Core i7-13700H', 'AMD Ryzen 5 7530U', 'AMD Ryzen 7 7840HS', 'Apple M3'] } },
  { code: 'cpu_cores', name: 'Количество ядер процессора', en: 'CPU cores', type: 'number', group: 'performance', min: 1, max: 128, filterable: true, hint: { values: [4, 6, 8, 8, 10, 12, 16] } },
  { code: 'os', name: 'Операционная система', en: 'Operating system', type: 'enum', group: 'performance', filterable: true, options: 'android:Android:Android|ios:iOS:iOS|windows:Windows 11:Windows 11|macos:macOS:macOS|linux:Linux:Linux|harmony:HarmonyOS:HarmonyOS|none:Без ОС:No OS' },
  { code: 'gpu', name: 'Видеокарта', en: 'Graphics', type: 'text', group: 'performance', hint: { texts: ['Intel Iris Xe', 'NVIDIA GeForce RTX 4050', 'NVIDIA GeForce RTX 4060', 'AMD Radeon 780M', 'NVIDIA GeForce RTX 4070', 'встроенная'] } },
  // connectivity
  { code: 'nfc', name: 'NFC', en: 'NFC', type: 'boolean', group: 'connectivity', filterable: true, hint: { p: 0.7 } },
  { code: 'network_5g', name: 'Поддержка 5G', en: '5G', type: 'boolean', group: 'connectivity', filterable: true, hint: { p: 0.5 } },
  { code: 'sim_count', name: 'Количество SIM-карт', en: 'SIM cards', type: 'number', group: 'connectivity', min: 0, max: 4, hint: { values: [1, 2, 2] } },
  { code: 'wifi_standard', name: 'Стандарт Wi-Fi', en: 'Wi-Fi standard', type: 'enum', group: 'connectivity', filterable: true, options: 'wifi4:Wi-Fi 4 (802.11n):Wi-Fi 4|wifi5:Wi-Fi 5 (802.11ac):Wi-Fi 5|wifi6:Wi-Fi 6 (802.11ax):Wi-Fi 6|wifi6e:Wi-Fi 6E:Wi-Fi 6E|wifi7:Wi-Fi 7 (802.11be):Wi-Fi 7' },
  { code: 'bluetooth', name: 'Версия Bluetooth', en: 'Bluetooth version', type: 'enum', group: 'connectivity', options: 'bt42:4.2:4.2|bt50:5.0:5.0|bt51:5.1:5.1|bt52:5.2:5.2|bt53:5.3:5.3|bt54:5.4:5.4' },
  { code: 'connector', name: 'Разъем зарядки', en: 'Charging port', type: 'enum', group: 'connectivity', filterable: true, options: 'usbc:USB Type-C:USB Type-C|microusb:microUSB:microUSB|lightning:Lightning:Lightning|usba:USB-A:USB-A|dc:DC-разъем:DC jack' },
  { code: 'interfaces', name: 'Интерфейсы', en: 'Interfaces', type: 'multi_enum', group: 'connectivity', filterable: true, options: 'hdmi:HDMI:HDMI|usb3:USB 3.0:USB 3.0|usbc:USB Type-C:USB Type-C|ethernet:Ethernet:Ethernet|jack:Аудио 3,5 мм:3.5 mm audio|thunderbolt:Thunderbolt:Thunderbolt|dp:DisplayPort:DisplayPort|sd:Кардридер SD:SD card reader', hint: { many: 4 } },
  { code: 'smart_home', name: 'Совместимость с умным домом', en: 'Smart home', type: 'multi_enum', group: 'connectivity', filterable: true, options: 'alice:Яндекс Алиса:Yandex Alice|marusya:Маруся:Marusya|salut:Салют:Salute|ha:Home Assistant:Home Assistant|matter:Matter:Matter', hint: { many: 2 } },
  { code: 'wireless', name: 'Беспроводное подключение', en: 'Wireless', type: 'boolean', group: 'connectivity', filterable: true, hint: { p: 0.6 } },
  // power
  { code: 'battery_capacity', name: 'Емкость аккумулятора', en: 'Battery capacity', type: 'number', group: 'power', unit: 'мА·ч', min: 50, max: 50000, filterable: true, hint: { values: [4000, 4500, 5000, 5000, 5500, 6000] } },
  { code: 'battery_life', name: 'Время автономной работы', en: 'Battery life', type: 'number', group: 'power', unit: 'ч', min: 0.5, max: 2000, hint: { values: [6, 8, 10, 12, 18, 24, 30, 40] } },
  { code: 'power', name: 'Мощность', en: 'Power', type: 'number', group: 'power', unit: 'Вт', min: 0.5, max: 50000, filterable: true, hint: { values: [600, 800, 1000, 1200, 1500, 1800, 2000, 2200] } },
  { code: 'voltage', name: 'Напряжение', en: 'Voltage', type: 'number', group: 'power', unit: 'В', min: 1, max: 400, hint: { values: [220, 220, 230] } },
  { code: 'energy_class', name: 'Класс энергопотребления', en: 'Energy class', type: 'enum', group: 'power', filterable: true, options: 'appp:A+++:A+++|app:A++:A++|ap:A+:A+|a:A:A|b:B:B|c:C:C|d:D:D' },
  { code: 'fast_charge', name: 'Быстрая зарядка', en: 'Fast charging', type: 'boolean', group: 'power', filterable: true, hint: { p: 0.7 } },
  { code: 'power_source', name: 'Тип питания', en: 'Power source', type: 'enum', group: 'power', filterable: true, options: 'mains:Сеть 220 В:Mains|battery:Аккумулятор:Battery|petrol:Бензин:Petrol|manual:Ручной:Manual|aa:Батарейки AA:AA batteries|usb:USB:USB' },
  // camera
  { code: 'camera_mp', name: 'Основная камера', en: 'Main camera', type: 'number', group: 'camera', unit: 'Мп', min: 0.3, max: 400, filterable: true, hint: { values: [12, 48, 50, 50, 64, 108, 200] } },
  { code: 'front_camera_mp', name: 'Фронтальная камера', en: 'Front camera', type: 'number', group: 'camera', unit: 'Мп', min: 0.3, max: 100, hint: { values: [8, 12, 13, 16, 32] } },
  { code: 'optical_zoom', name: 'Оптический зум', en: 'Optical zoom', type: 'number', group: 'camera', unit: 'x', min: 1, max: 125, hint: { values: [1, 2, 3, 5, 10, 30] } },
  { code: 'video_resolution', name: 'Разрешение видеосъемки', en: 'Video resolution', type: 'enum', group: 'camera', filterable: true, options: 'fhd:Full HD:Full HD|uhd4k:4K:4K|uhd6k:6K:6K|uhd8k:8K:8K' },
  // sound
  { code: 'noise_cancelling', name: 'Активное шумоподавление', en: 'Active noise cancelling', type: 'boolean', group: 'sound', filterable: true, hint: { p: 0.45 } },
  { code: 'headphone_type', name: 'Тип наушников', en: 'Headphone type', type: 'enum', group: 'sound', filterable: true, options: 'earbuds:Вкладыши:Earbuds|inear:Внутриканальные:In-ear|onear:Накладные:On-ear|overear:Полноразмерные:Over-ear|bone:С костной проводимостью:Bone conduction' },
  { code: 'speaker_power', name: 'Мощность динамиков', en: 'Speaker power', type: 'number', group: 'sound', unit: 'Вт', min: 0.5, max: 5000, filterable: true, hint: { values: [5, 10, 20, 30, 40, 60, 100, 200] } },
  { code: 'frequency_range', name: 'Диапазон частот', en: 'Frequency response', type: 'range', group: 'sound', unit: 'Гц', min: 1, max: 100000, hint: { range: [[5, 10, 20], [19980, 39990]] } },
  { code: 'microphone', name: 'Микрофон', en: 'Microphone', type: 'boolean', group: 'sound', hint: { p: 0.8 } },
  // appliances
  { code: 'control_type', name: 'Тип управления', en: 'Controls', type: 'enum', group: 'appliance', filterable: true, options: 'mechanical:Механическое:Mechanical|electronic:Электронное:Electronic|touch:Сенсорное:Touch|app:Через смартфон:Smartphone app' },
  { code: 'installation', name: 'Установка', en: 'Installation', type: 'enum', group: 'appliance', filterable: true, options: 'freestanding:Отдельностоящая:Freestanding|builtin:Встраиваемая:Built-in|wall:Настенная:Wall-mounted|tabletop:Настольная:Tabletop|floor:Напольная:Floor-standing' },
  { code: 'noise_level', name: 'Уровень шума', en: 'Noise level', type: 'number', group: 'appliance', unit: 'дБ', min: 10, max: 130, filterable: true, hint: { lo: 35, hi: 78, step: 1 } },
  { code: 'programs_count', name: 'Количество программ', en: 'Programs', type: 'number', group: 'appliance', min: 1, max: 100, hint: { values: [5, 8, 10, 12, 14, 16, 20] } },
  { code: 'timer', name: 'Таймер', en: 'Timer', type: 'boolean', group: 'appliance', filterable: true, hint: { p: 0.6 } },
  { code: 'display_present', name: 'Дисплей', en: 'Display', type: 'boolean', group: 'appliance', hint: { p: 0.5 } },
  { code: 'wash_load', name: 'Максимальная загрузка', en: 'Max load', type: 'number', group: 'appliance', unit: 'кг', min: 1, max: 30, filterable: true, hint: { values: [5, 6, 6, 7, 8, 9, 10] } },
  { code: 'spin_speed', name: 'Скорость отжима', en: 'Spin speed', type: 'number', group: 'appliance', unit: 'об/мин', min: 400, max: 2000, filterable: true, hint: { values: [800, 1000, 1200, 1200, 1400, 1600] } },
  { code: 'no_frost', name: 'No Frost', en: 'No Frost', type: 'boolean', group: 'appliance', filterable: true, hint: { p: 0.6 } },
  { code: 'freezer_position', name: 'Расположение морозильной камеры', en: 'Freezer position', type: 'enum', group: 'appliance', filterable: true, options: 'bottom:Снизу:Bottom|top:Сверху:Top|side:Сбоку (Side-by-Side):Side-by-side|none:Без морозильной камеры:No freezer' },
  { code: 'heating_area', name: 'Площадь обогрева', en: 'Heating area', type: 'number', group: 'appliance', unit: 'м²', min: 1, max: 500, filterable: true, hint: { values: [10, 15, 20, 25, 30, 40, 50] } },
  { code: 'temperature_range', name: 'Диапазон температур', en: 'Temperature range', type: 'range', group: 'appliance', unit: '°C', min: -60, max: 400, filterable: true, hint: { range: [[30, 40, 50, 60], [100, 150, 200, 220]] } },
  { code: 'operating_temperature', name: 'Рабочая температура', en: 'Operating temperature', type: 'range', group: 'general', unit: '°C', min: -60, max: 100, hint: { range: [[-40, -30, -20, -10, 0], [40, 50, 60, 70]] } },
  { code: 'dishwasher_safe', name: 'Можно мыть в посудомоечной машине', en: 'Dishwasher safe', type: 'boolean', group: 'appliance', filterable: true, hint: { p: 0.6 } },
  { code: 'induction', name: 'Подходит для индукционных плит', en: 'Induction compatible', type: 'boolean', group: 'appliance', filterable: true, hint: { p: 0.55 } },
  // clothing and footwear
  { code: 'clothing_size', name: 'Размер', en: 'Size', type: 'multi_enum', group: 'clothing', filterable: true, variant: true, options: 'xs:XS (42):XS|s:S (44):S|m:M (46):M|l:L (48):L|xl:XL (50):XL|xxl:XXL (52):XXL|xxxl:3XL (54):3XL', hint: { many: 4 } },
  { code: 'shoe_size', name: 'Размер обуви', en: 'Shoe size', type: 'multi_enum', group: 'clothing', filterable: true, variant: true, options: 's35:35:35|s36:36:36|s37:37:37|s38:38:38|s39:39:39|s40:40:40|s41:41:41|s42:42:42|s43:43:43|s44:44:44|s45:45:45|s46:46:46', hint: { many: 5 } },
  { code: 'gender', name: 'Пол', en: 'Gender', type: 'enum', group: 'clothing', filterable: true, options: 'male:Мужской:Men|female:Женский:Women|unisex:Унисекс:Unisex|kids:Детский:Kids' },
  { code: 'season', name: 'Сезон', en: 'Season', type: 'enum', group: 'clothing', filterable: true, options: 'summer:Лето:Summer|winter:Зима:Winter|demi:Демисезон:Spring/autumn|all:Всесезон:All-season' },
  { code: 'fabric', name: 'Состав ткани', en: 'Fabric', type: 'enum', group: 'materials', filterable: true, options: FABRICS },
  { code: 'fit', name: 'Посадка', en: 'Fit', type: 'enum', group: 'clothing', filterable: true, options: 'regular:Прямая:Regular|slim:Приталенная:Slim|loose:Свободная:Loose|oversize:Оверсайз:Oversize' },
  { code: 'insulation', name: 'Утеплитель', en: 'Insulation', type: 'enum', group: 'clothing', filterable: true, options: 'down:Пух:Down|synthetic:Синтепон:Synthetic|hollofiber:Холлофайбер:Hollofiber|thinsulate:Thinsulate:Thinsulate|none:Без утеплителя:None' },
  { code: 'care', name: 'Уход', en: 'Care', type: 'multi_enum', group: 'clothing', options: 'hand:Ручная стирка:Hand wash|m30:Машинная стирка 30°:Machine wash 30°|m40:Машинная стирка 40°:Machine wash 40°|nobleach:Не отбеливать:Do not bleach|dry:Химчистка:Dry clean', hint: { many: 2 } },
  { code: 'sole_material', name: 'Материал подошвы', en: 'Sole material', type: 'enum', group: 'materials', filterable: true, options: 'rubber:Резина:Rubber|eva:ЭВА:EVA|tpu:ТПУ:TPU|pu:Полиуретан:PU|leather:Кожа:Leather' },
  { code: 'clasp', name: 'Застежка', en: 'Fastening', type: 'enum', group: 'clothing', options: 'laces:Шнурки:Laces|velcro:Липучки:Velcro|zipper:Молния:Zipper|none:Без застежки:Slip-on|buttons:Пуговицы:Buttons' },
  // sport
  { code: 'wheel_diameter', name: 'Диаметр колес', en: 'Wheel size', type: 'number', group: 'sport', unit: '"', min: 6, max: 36, filterable: true, hint: { values: [12, 16, 20, 24, 26, 27.5, 29] } },
  { code: 'speeds', name: 'Количество скоростей', en: 'Speeds', type: 'number', group: 'sport', min: 1, max: 36, filterable: true, hint: { values: [1, 7, 18, 21, 24, 27] } },
  { code: 'frame_material', name: 'Материал рамы', en: 'Frame material', type: 'enum', group: 'sport', filterable: true, options: 'steel:Сталь:Steel|aluminium:Алюминий:Aluminium|carbon:Карбон:Carbon|titanium:Титан:Titanium' },
  { code: 'max_user_weight', name: 'Максимальный вес пользователя', en: 'Max user weight', type: 'number', group: 'sport', unit: 'кг', min: 10, max: 400, filterable: true, hint: { values: [100, 110, 120, 130, 150, 180] } },
  { code: 'skill_level', name: 'Уровень подготовки', en: 'Skill level', type: 'enum', group: 'sport', filterable: true, options: 'beginner:Начальный:Beginner|amateur:Любительский:Amateur|advanced:Продвинутый:Advanced|pro:Профессиональный:Professional' },
  { code: 'capacity_persons', name: 'Вместимость', en: 'Capacity', type: 'number', group: 'sport', unit: 'чел', min: 1, max: 20, filterable: true, hint: { values: [1, 2, 2, 3, 4, 6] } },
  { code: 'comfort_temperature', name: 'Температура комфорта', en: 'Comfort temperature', type: 'range', group: 'sport', unit: '°C', min: -60, max: 50, filterable: true, hint: { range: [[-30, -20, -10, -5, 0, 5], [10, 15, 20, 25]] } },
  // kids
  { code: 'age', name: 'Возраст', en: 'Age', type: 'range', group: 'kids', unit: 'лет', min: 0, max: 99, filterable: true, hint: { range: [[0, 1, 3, 5, 6, 8], [3, 5, 7, 10]] } },
  { code: 'pieces', name: 'Количество деталей', en: 'Pieces', type: 'number', group: 'kids', unit: 'шт', min: 1, max: 20000, filterable: true, hint: { values: [50, 120, 250, 500, 750, 1000, 1500, 3000] } },
  { code: 'batteries_needed', name: 'Требуются батарейки', en: 'Batteries required', type: 'boolean', group: 'kids', hint: { p: 0.3 } },
  { code: 'hero', name: 'Персонаж', en: 'Character', type: 'enum', group: 'kids', filterable: true, options: 'none:Без персонажа:None|masha:Маша и Медведь:Masha and the Bear|smeshariki:Смешарики:Smeshariki|fixiki:Фиксики:Fixiki|paw:Щенячий патруль:Paw Patrol|frozen:Холодное сердце:Frozen|cars:Тачки:Cars|barboskiny:Барбоскины:Barboskins' },
  // auto
  { code: 'tire_width', name: 'Ширина профиля', en: 'Tire width', type: 'number', group: 'auto', unit: 'мм', min: 100, max: 400, filterable: true, hint: { values: [175, 185, 195, 205, 215, 225, 235, 245, 255, 265] } },
  { code: 'tire_profile', name: 'Высота профиля', en: 'Aspect ratio', type: 'number', group: 'auto', unit: '%', min: 20, max: 90, filterable: true, hint: { values: [40, 45, 50, 55, 60, 65, 70] } },
  { code: 'rim_diameter', name: 'Посадочный диаметр', en: 'Rim diameter', type: 'number', group: 'auto', unit: '"', min: 10, max: 24, filterable: true, hint: { values: [14, 15, 16, 17, 18, 19, 20] } },
  { code: 'tire_season', name: 'Сезонность шин', en: 'Tire season', type: 'enum', group: 'auto', filterable: true, options: 'summer:Летние:Summer|winter_studded:Зимние шипованные:Winter studded|winter:Зимние нешипованные:Winter studless|all:Всесезонные:All-season' },
  { code: 'speed_index', name: 'Индекс скорости', en: 'Speed index', type: 'enum', group: 'auto', options: 't:T (до 190 км/ч):T|h:H (до 210 км/ч):H|v:V (до 240 км/ч):V|w:W (до 270 км/ч):W|y:Y (до 300 км/ч):Y' },
  { code: 'load_index', name: 'Индекс нагрузки', en: 'Load index', type: 'number', group: 'auto', min: 60, max: 130, hint: { lo: 82, hi: 110, step: 1 } },
  { code: 'oil_viscosity', name: 'Вязкость по SAE', en: 'SAE viscosity', type: 'enum', group: 'auto', filterable: true, options: 'w020:0W-20:0W-20|w030:0W-30:0W-30|w530:5W-30:5W-30|w540:5W-40:5W-40|w1040:10W-40:10W-40|w1540:15W-40:15W-40' },
  { code: 'vehicle_type', name: 'Тип транспорта', en: 'Vehicle type', type: 'multi_enum', group: 'auto', filterable: true, options: 'car:Легковой автомобиль:Car|suv:Внедорожник:SUV|van:Минивэн:Van|truck:Грузовой:Truck|moto:Мотоцикл:Motorcycle', hint: { many: 2 } },
  // tools
  { code: 'tool_voltage', name: 'Напряжение аккумулятора', en: 'Battery voltage', type: 'number', group: 'tools', unit: 'В', min: 3.6, max: 82, filterable: true, hint: { values: [12, 14.4, 18, 18, 20, 36] } },
  { code: 'max_torque', name: 'Максимальный крутящий момент', en: 'Max torque', type: 'number', group: 'tools', unit: 'Н·м', min: 1, max: 2000, filterable: true, hint: { values: [25, 35, 45, 60, 80, 130, 200] } },
  { code: 'chuck_diameter', name: 'Диаметр патрона', en: 'Chuck size', type: 'number', group: 'tools', unit: 'мм', min: 1, max: 50, hint: { values: [10, 13, 13, 16] } },
  { code: 'rpm', name: 'Частота вращения', en: 'Speed', type: 'number', group: 'tools', unit: 'об/мин', min: 10, max: 40000, hint: { values: [1500, 1800, 2800, 3000, 11000, 12000] } },
  { code: 'case_included', name: 'Кейс в комплекте', en: 'Carrying case', type: 'boolean', group: 'tools', hint: { p: 0.5 } },
  // beauty
  { code: 'skin_type', name: 'Тип кожи', en: 'Skin type', type: 'multi_enum', group: 'beauty', filterable: true, options: 'normal:Нормальная:Normal|dry:Сухая:Dry|oily:Жирная:Oily|combo:Комбинированная:Combination|sensitive:Чувствительная:Sensitive', hint: { many: 3 } },
  { code: 'hair_type', name: 'Тип волос', en: 'Hair type', type: 'multi_enum', group: 'beauty', filterable: true, options: 'normal:Нормальные:Normal|dry:Сухие:Dry|oily:Жирные:Oily|colored:Окрашенные:Colored|damaged:Поврежденные:Damaged|curly:Вьющиеся:Curly', hint: { many: 2 } },
  { code: 'spf', name: 'Степень защиты SPF', en: 'SPF', type: 'number', group: 'beauty', min: 0, max: 100, filterable: true, hint: { values: [15, 30, 30, 50, 50] } },
  { code: 'fragrance_family', name: 'Группа ароматов', en: 'Fragrance family', type: 'enum', group: 'beauty', filterable: true, options: 'floral:Цветочные:Floral|woody:Древесные:Woody|oriental:Восточные:Oriental|citrus:Цитрусовые:Citrus|fougere:Фужерные:Fougere|chypre:Шипровые:Chypre|gourmand:Гурманские:Gourmand' },
  { code: 'vegan', name: 'Веганский продукт', en: 'Vegan', type: 'boolean', group: 'beauty', filterable: true, hint: { p: 0.3 } },
  { code: 'hypoallergenic', name: 'Гипоаллергенно', en: 'Hypoallergenic', type: 'boolean', group: 'beauty', filterable: true, hint: { p: 0.4 } },
  // pets
  { code: 'animal_size', name: 'Размер питомца', en: 'Pet size', type: 'multi_enum', group: 'pets', filterable: true, options: 'mini:Мини:Mini|small:Мелкий:Small|medium:Средний:Medium|large:Крупный:Large|giant:Гигантский:Giant', hint: { many: 3 } },
  { code: 'animal_age', name: 'Возраст питомца', en: 'Pet age', type: 'enum', group: 'pets', filterable: true, options: 'baby:Для малышей:Puppy/kitten|adult:Для взрослых:Adult|senior:Для пожилых:Senior|all:Для всех возрастов:All ages' },
  { code: 'feed_taste', name: 'Вкус', en: 'Flavour', type: 'enum', group: 'pets', filterable: true, options: 'chicken:Курица:Chicken|beef:Говядина:Beef|turkey:Индейка:Turkey|salmon:Лосось:Salmon|lamb:Ягненок:Lamb|rabbit:Кролик:Rabbit|duck:Утка:Duck' },
  { code: 'net_weight', name: 'Вес нетто', en: 'Net weight', type: 'number', group: 'pets', unit: 'кг', min: 0.01, max: 50, filterable: true, hint: { values: [0.085, 0.4, 1.5, 2, 3, 10, 15] } },
  // home
  { code: 'style', name: 'Стиль', en: 'Style', type: 'enum', group: 'general', filterable: true, options: 'modern:Современный:Modern|classic:Классический:Classic|loft:Лофт:Loft|scandi:Скандинавский:Scandinavian|provence:Прованс:Provence|minimal:Минимализм:Minimalism' },
  { code: 'assembly_required', name: 'Требуется сборка', en: 'Assembly required', type: 'boolean', group: 'general', filterable: true, hint: { p: 0.7 } },
  { code: 'upholstery', name: 'Обивка', en: 'Upholstery', type: 'enum', group: 'materials', filterable: true, options: 'velour:Велюр:Velour|matting:Рогожка:Matting|ecoleather:Экокожа:Faux leather|leather:Натуральная кожа:Leather|chenille:Шенилл:Chenille|microvelour:Микровелюр:Microvelour' },
  { code: 'bed_size', name: 'Размер спального места', en: 'Sleeping area', type: 'enum', group: 'dimensions', filterable: true, options: 's90:90×200:90×200|s120:120×200:120×200|s140:140×200:140×200|s160:160×200:160×200|s180:180×200:180×200|s200:200×200:200×200' },
  { code: 'set_pieces', name: 'Предметов в наборе', en: 'Pieces in set', type: 'number', group: 'general', unit: 'шт', min: 1, max: 500, filterable: true, hint: { values: [1, 2, 3, 4, 6, 12, 24] } },
  { code: 'lamp_base', name: 'Цоколь', en: 'Lamp base', type: 'enum', group: 'power', filterable: true, options: 'e27:E27:E27|e14:E14:E14|gu10:GU10:GU10|g9:G9:G9|gu53:GU5.3:GU5.3|led:Встроенные светодиоды:Integrated LED' },
  { code: 'light_temperature', name: 'Цветовая температура', en: 'Color temperature', type: 'range', group: 'power', unit: 'К', min: 1500, max: 10000, filterable: true, hint: { range: [[2700, 3000, 4000], [0, 1000, 3500]] } },
  { code: 'pages', name: 'Количество страниц', en: 'Pages', type: 'number', group: 'general', unit: 'стр', min: 1, max: 5000, hint: { lo: 48, hi: 960, step: 16 } },
];

/**
 * Templates for the attributes of one second-level category: "Тип крепления" of lighting and of
 * TV mounts are different attributes with one display name, as in real PIMs.
 */
export const TEMPLATES: AttrSpec[] = [
  { code: 'mount', name: 'Тип крепления', en: 'Mounting', type: 'enum', group: 'extra', filterable: true, options: 'wall:Настенное:Wall|ceiling:Потолочное:Ceiling|clamp:Струбцина:Clamp|magnet:Магнитное:Magnetic|screw:На винтах:Screws|adhesive:На клейкой основе:Adhesive', kinds: ['tech', 'goods'] },
  { code: 'shape', name: 'Форма', en: 'Shape', type: 'enum', group: 'extra', filterable: true, options: 'round:Круглая:Round|square:Квадратная:Square|rect:Прямоугольная:Rectangular|oval:Овальная:Oval|corner:Угловая:Corner', kinds: ['goods', 'tech'] },
  { code: 'finish', name: 'Покрытие', en: 'Finish', type: 'enum', group: 'extra', filterable: true, options: 'matte:Матовое:Matte|glossy:Глянцевое:Glossy|nonstick:Антипригарное:Non-stick|powder:Порошковое:Powder coated|textured:Текстурное:Textured', kinds: ['goods', 'tech'] },
  { code: 'series', name: 'Серия', en: 'Series', type: 'text', group: 'extra', searchable: true, hint: { texts: ['Classic', 'Pro', 'Comfort', 'Expert', 'Home', 'Prime', 'Style', 'Urban', 'Nord', 'Eco', 'Smart', 'Optima'] }, kinds: ['tech', 'goods', 'wear', 'care'] },
  { code: 'modes', name: 'Количество режимов', en: 'Modes', type: 'number', group: 'extra', min: 1, max: 50, filterable: true, hint: { values: [2, 3, 4, 5, 6, 8, 10] }, kinds: ['tech'] },
  { code: 'cable_length', name: 'Длина кабеля', en: 'Cable length', type: 'number', group: 'extra', unit: 'м', min: 0.1, max: 50, hint: { values: [0.8, 1, 1.2, 1.5, 1.8, 2, 3, 5] }, kinds: ['tech'] },
  { code: 'kit_type', name: 'Тип комплекта', en: 'Kit', type: 'enum', group: 'extra', filterable: true, options: 'basic:Базовый:Basic|extended:Расширенный:Extended|pro:Профессиональный:Professional|gift:Подарочный:Gift', kinds: ['tech', 'goods', 'care'] },
  { code: 'diameter', name: 'Диаметр', en: 'Diameter', type: 'number', group: 'extra', unit: 'мм', min: 1, max: 3000, filterable: true, hint: { values: [10, 16, 20, 25, 32, 40, 50, 63, 110] }, kinds: ['goods'] },
  { code: 'thickness', name: 'Толщина', en: 'Thickness', type: 'number', group: 'extra', unit: 'мм', min: 0.1, max: 500, filterable: true, hint: { values: [0.5, 1, 2, 3, 5, 8, 10, 12, 18] }, kinds: ['goods'] },
  { code: 'capacity', name: 'Вместимость', en: 'Capacity', type: 'number', group: 'extra', unit: 'шт', min: 1, max: 1000, hint: { values: [2, 4, 6, 8, 12, 16, 24, 36] }, kinds: ['goods'] },
  { code: 'protection', name: 'Защита от детей', en: 'Child lock', type: 'boolean', group: 'extra', filterable: true, hint: { p: 0.4 }, kinds: ['tech'] },
  { code: 'backlight', name: 'Подсветка', en: 'Backlight', type: 'boolean', group: 'extra', filterable: true, hint: { p: 0.5 }, kinds: ['tech'] },
  { code: 'foldable', name: 'Складная конструкция', en: 'Foldable', type: 'boolean', group: 'extra', filterable: true, hint: { p: 0.4 }, kinds: ['goods'] },
  { code: 'pattern', name: 'Рисунок', en: 'Pattern', type: 'enum', group: 'extra', filterable: true, options: 'plain:Однотонный:Plain|stripe:Полоска:Stripes|check:Клетка:Check|floral:Цветочный:Floral|geometric:Геометрия:Geometric|print:Принт:Print', kinds: ['wear', 'goods'] },
  { code: 'features', name: 'Особенности', en: 'Features', type: 'multi_enum', group: 'extra', filterable: true, options: 'compact:Компактный:Compact|quiet:Тихая работа:Quiet|reinforced:Усиленный:Reinforced|lightweight:Облегченный:Lightweight|antibacterial:Антибактериальное покрытие:Antibacterial|autooff:Автоотключение:Auto-off', hint: { many: 3 }, kinds: ['tech'] },
  { code: 'class', name: 'Класс', en: 'Class', type: 'enum', group: 'extra', filterable: true, options: 'economy:Эконом:Economy|standard:Стандарт:Standard|comfort:Комфорт:Comfort|premium:Премиум:Premium', kinds: ['tech', 'goods', 'wear', 'care'] },
  { code: 'temp_mode', name: 'Температурный режим', en: 'Temperature mode', type: 'range', group: 'extra', unit: '°C', min: -50, max: 300, hint: { range: [[-20, -10, 0, 5], [30, 40, 60, 90]] }, kinds: ['tech', 'goods'] },
  { code: 'dim_range', name: 'Диапазон размеров', en: 'Size range', type: 'range', group: 'extra', unit: 'см', min: 1, max: 500, hint: { range: [[10, 20, 30, 50], [10, 20, 40, 80]] }, kinds: ['goods'] },
  { code: 'work_time', name: 'Время работы', en: 'Run time', type: 'number', group: 'extra', unit: 'мин', min: 1, max: 10000, hint: { values: [15, 30, 45, 60, 90, 120, 180] }, kinds: ['tech'] },
  { code: 'pressure', name: 'Давление', en: 'Pressure', type: 'number', group: 'extra', unit: 'бар', min: 0.1, max: 500, filterable: true, hint: { values: [1.5, 3, 6, 10, 15, 19, 130] }, kinds: ['tech'] },
  { code: 'flow', name: 'Производительность', en: 'Throughput', type: 'number', group: 'extra', unit: 'л/мин', min: 0.1, max: 1000, hint: { values: [2, 5, 8, 12, 20, 35, 50] }, kinds: ['tech'] },
  { code: 'compat', name: 'Совместимость', en: 'Compatibility', type: 'text', group: 'extra', searchable: true, hint: { texts: ['универсальная', 'для большинства моделей', 'по списку производителя', 'только оригинальные комплектующие'] }, kinds: ['tech', 'goods'] },
  { code: 'certificate', name: 'Сертификат ЕАС', en: 'EAC certified', type: 'boolean', group: 'extra', hint: { p: 0.9 }, kinds: ['tech', 'goods', 'wear', 'care'] },
  { code: 'grade', name: 'Сорт', en: 'Grade', type: 'enum', group: 'extra', filterable: true, options: 'g1:Первый:First|g2:Второй:Second|extra:Экстра:Extra|select:Отборный:Select', kinds: ['goods', 'care'] },
  { code: 'collection', name: 'Коллекция', en: 'Collection', type: 'enum', group: 'extra', filterable: true, options: 'ss24:Весна-лето 2024:Spring-summer 2024|fw24:Осень-зима 2024/25:Fall-winter 2024/25|ss25:Весна-лето 2025:Spring-summer 2025|fw25:Осень-зима 2025/26:Fall-winter 2025/26|basic:Базовая:Basic', kinds: ['wear'] },
  { code: 'lining', name: 'Подкладка', en: 'Lining', type: 'enum', group: 'materials', filterable: true, options: 'none:Без подкладки:None|textile:Текстиль:Textile|fleece:Флис:Fleece|fur:Искусственный мех:Faux fur|leather:Кожа:Leather', kinds: ['wear'] },
  { code: 'item_length', name: 'Длина изделия', en: 'Length', type: 'number', group: 'clothing', unit: 'см', min: 1, max: 300, hint: { lo: 20, hi: 130, step: 1 }, kinds: ['wear'] },
  { code: 'scent', name: 'Аромат', en: 'Scent', type: 'enum', group: 'extra', filterable: true, options: 'none:Без запаха:Unscented|citrus:Цитрус:Citrus|lavender:Лаванда:Lavender|mint:Мята:Mint|vanilla:Ваниль:Vanilla|aloe:Алоэ:Aloe', kinds: ['care'] },
  { code: 'country_brand', name: 'Страна бренда', en: 'Brand country', type: 'enum', group: 'general', filterable: true, options: 'ru:Россия:Russia|it:Италия:Italy|fr:Франция:France|de:Германия:Germany|kr:Южная Корея:South Korea|us:США:USA|tr:Турция:Turkey', kinds: ['wear', 'care'] },
];
