// The realistic top of the generated category tree: 12 departments, their sections and the
// product types inside them ("Смартфоны=Смартфон": category name = product noun). Deeper
// levels are generated from qualifiers, so any size from 50 to 20,000 categories stays plausible.
import type { TemplateKind, ValueHint } from './vocab-attributes.js';

export interface Profile {
  /** attributes of the section's matrix (level 1), inherited by everything below */
  attrs: string[];
  /** required there */
  required?: string[];
  /** attributes that appear in the product name after the model, in order */
  nameKeys?: string[];
  /** price range in roubles */
  price: [number, number];
  /** per-attribute value hints overriding the attribute's own */
  hints?: Record<string, ValueHint>;
  /** which attribute templates suit the section */
  kind?: TemplateKind;
}

export const PROFILES: Record<string, Profile> = {
  phones: { attrs: ['ram', 'storage', 'screen_diagonal', 'screen_resolution', 'matrix_type', 'refresh_rate', 'os', 'cpu_model', 'nfc', 'network_5g', 'sim_count', 'camera_mp', 'front_camera_mp', 'battery_capacity', 'fast_charge', 'connector', 'memory_card', 'body_material'], required: ['storage'], nameKeys: ['ram', 'storage', 'color'], price: [6000, 160000] },
  tablets: { attrs: ['ram', 'storage', 'screen_diagonal', 'screen_resolution', 'matrix_type', 'os', 'cpu_model', 'battery_capacity', 'wifi_standard', 'network_5g', 'camera_mp', 'memory_card'], nameKeys: ['storage', 'color'], price: [8000, 140000], hints: { screen_diagonal: { values: [8, 10.1, 10.9, 11, 12.4, 13] }, battery_capacity: { values: [6000, 7040, 8000, 10090] } } },
  tv: { attrs: ['screen_diagonal', 'screen_resolution', 'matrix_type', 'refresh_rate', 'hdr', 'os', 'wifi_standard', 'interfaces', 'speaker_power', 'smart_home', 'energy_class'], required: ['screen_diagonal'], nameKeys: ['screen_diagonal', 'screen_resolution'], price: [12000, 350000], hints: { screen_diagonal: { values: [32, 43, 50, 55, 55, 65, 75, 85] }, weight: { lo: 4, hi: 40, step: 0.1 }, refresh_rate: { values: [50, 60, 100, 120, 144] } } },
  audio: { attrs: ['headphone_type', 'noise_cancelling', 'wireless', 'bluetooth', 'battery_life', 'frequency_range', 'microphone', 'connector', 'waterproof', 'ip_rating'], nameKeys: ['color'], price: [900, 60000], hints: { weight: { lo: 0.02, hi: 0.4, step: 0.01 } } },
  speakers: { attrs: ['speaker_power', 'wireless', 'bluetooth', 'battery_life', 'frequency_range', 'waterproof', 'ip_rating', 'smart_home', 'microphone'], nameKeys: ['speaker_power', 'color'], price: [1500, 90000] },
  cameras: { attrs: ['camera_mp', 'optical_zoom', 'video_resolution', 'screen_diagonal', 'wireless', 'battery_capacity', 'memory_card', 'waterproof'], nameKeys: ['camera_mp'], price: [9000, 320000], hints: { screen_diagonal: { values: [2.7, 3, 3.2] } } },
  wearables: { attrs: ['screen_diagonal', 'matrix_type', 'battery_life', 'nfc', 'waterproof', 'ip_rating', 'bluetooth', 'os', 'body_material'], nameKeys: ['color'], price: [1800, 90000], hints: { screen_diagonal: { values: [1.3, 1.43, 1.6, 1.78, 1.9, 2] }, battery_life: { values: [24, 48, 100, 240, 336] }, weight: { lo: 0.02, hi: 0.08, step: 0.005 } } },
  gaming: { attrs: ['storage', 'video_resolution', 'wireless', 'interfaces', 'wifi_standard', 'refresh_rate'], nameKeys: ['storage', 'color'], price: [3000, 80000], hints: { storage: { values: [512, 825, 1024, 2048] } } },
  accessories: { attrs: ['connector', 'tpl:cable_length', 'power', 'fast_charge', 'body_material'], nameKeys: ['color'], price: [250, 9000], hints: { power: { values: [10, 18, 20, 25, 33, 45, 65, 100] }, weight: { lo: 0.02, hi: 0.6, step: 0.01 } } },
  smarthome: { attrs: ['smart_home', 'wireless', 'wifi_standard', 'power_source', 'installation', 'control_type'], nameKeys: ['color'], price: [700, 40000] },
  laptops: { attrs: ['cpu_model', 'cpu_cores', 'ram', 'storage', 'gpu', 'screen_diagonal', 'screen_resolution', 'matrix_type', 'refresh_rate', 'os', 'interfaces', 'wifi_standard', 'battery_life', 'touchscreen', 'body_material'], required: ['ram', 'storage'], nameKeys: ['screen_diagonal', 'ram', 'storage'], price: [25000, 400000], hints: { screen_diagonal: { values: [13.3, 14, 15.6, 15.6, 16, 17.3] }, ram: { values: [8, 16, 16, 32, 64] }, storage: { values: [256, 512, 512, 1024, 2048] }, weight: { lo: 1, hi: 3.2, step: 0.05 } } },
  desktops: { attrs: ['cpu_model', 'cpu_cores', 'ram', 'storage', 'gpu', 'os', 'interfaces', 'wifi_standard', 'power'], nameKeys: ['ram', 'storage'], price: [20000, 500000], hints: { ram: { values: [8, 16, 32, 64] }, storage: { values: [512, 1024, 2048] }, power: { values: [300, 450, 550, 650, 750, 850] } } },
  monitors: { attrs: ['screen_diagonal', 'screen_resolution', 'matrix_type', 'refresh_rate', 'hdr', 'interfaces', 'installation'], required: ['screen_diagonal'], nameKeys: ['screen_diagonal', 'screen_resolution'], price: [8000, 180000], hints: { screen_diagonal: { values: [21.5, 23.8, 27, 27, 31.5, 34] } } },
  components: { attrs: ['interfaces', 'power', 'cpu_cores', 'storage'], nameKeys: [], price: [1500, 250000], hints: { power: { values: [65, 105, 125, 170, 220, 320, 450] } } },
  peripherals: { attrs: ['wireless', 'connector', 'tpl:backlight', 'battery_life', 'bluetooth'], nameKeys: ['color'], price: [400, 30000] },
  network: { attrs: ['wifi_standard', 'interfaces', 'installation', 'power_source'], nameKeys: ['wifi_standard'], price: [1200, 60000] },
  office: { attrs: ['wireless', 'interfaces', 'power', 'installation', 'wifi_standard'], nameKeys: [], price: [3000, 120000] },
  big_appliances: { attrs: ['energy_class', 'installation', 'control_type', 'noise_level', 'display_present', 'timer', 'width', 'height', 'depth', 'power', 'smart_home'], nameKeys: ['color'], price: [15000, 250000], hints: { weight: { lo: 30, hi: 110, step: 0.5 }, height: { lo: 80, hi: 205, step: 0.5 }, width: { lo: 45, hi: 91, step: 0.5 }, depth: { lo: 45, hi: 75, step: 0.5 } } },
  washers: { attrs: ['wash_load', 'spin_speed', 'programs_count'], required: ['wash_load'], nameKeys: ['wash_load'], price: [18000, 150000] },
  fridges: { attrs: ['no_frost', 'freezer_position', 'volume_l'], nameKeys: ['volume_l', 'color'], price: [20000, 300000], hints: { volume_l: { values: [180, 240, 300, 330, 360, 420, 560] } } },
  kitchen: { attrs: ['power', 'volume_l', 'control_type', 'timer', 'body_material', 'programs_count', 'temperature_range', 'dishwasher_safe'], nameKeys: ['power', 'color'], price: [1200, 90000], hints: { weight: { lo: 0.8, hi: 12, step: 0.1 } } },
  home_appliances: { attrs: ['power', 'power_source', 'noise_level', 'control_type', 'battery_life', 'wireless', 'timer'], nameKeys: ['power', 'color'], price: [1500, 110000], hints: { weight: { lo: 1, hi: 9, step: 0.1 } } },
  climate: { attrs: ['power', 'heating_area', 'installation', 'control_type', 'noise_level', 'timer', 'temperature_range', 'energy_class'], nameKeys: ['heating_area'], price: [1800, 160000], hints: { temperature_range: { range: [[5, 10, 16], [25, 30, 35]] } } },
  beauty_appliances: { attrs: ['power', 'power_source', 'temperature_range', 'tpl:modes', 'waterproof', 'battery_life'], nameKeys: ['power', 'color'], price: [900, 60000], hints: { power: { values: [1000, 1600, 1800, 2000, 2200, 2400] } } },
  clothing: { kind: 'wear', attrs: ['clothing_size', 'gender', 'season', 'fabric', 'fit', 'care', 'tpl:pattern'], required: ['clothing_size'], nameKeys: ['color'], price: [500, 40000], hints: { weight: { lo: 0.1, hi: 1.5, step: 0.05 } } },
  outerwear: { kind: 'wear', attrs: ['insulation', 'comfort_temperature', 'waterproof'], nameKeys: ['color'], price: [3000, 60000] },
  shoes: { kind: 'wear', hints: { material: { codes: ['leather', 'ecoleather', 'fabric', 'rubber'] }, weight: { lo: 0.3, hi: 1.6, step: 0.05 } }, attrs: ['shoe_size', 'gender', 'season', 'sole_material', 'clasp', 'waterproof', 'insulation'], required: ['shoe_size'], nameKeys: ['color'], price: [1500, 35000] },
  furniture: { kind: 'goods', attrs: ['style', 'assembly_required', 'max_load', 'width', 'height', 'depth', 'upholstery'], nameKeys: ['color'], price: [2500, 200000], hints: { weight: { lo: 5, hi: 120, step: 0.5 } } },
  kitchenware: { kind: 'goods', attrs: ['set_pieces', 'dishwasher_safe', 'induction', 'volume_l', 'tpl:diameter'], nameKeys: ['set_pieces'], price: [300, 30000], hints: { volume_l: { values: [0.3, 0.5, 1, 1.5, 2, 3, 4.5, 6] }, weight: { lo: 0.2, hi: 6, step: 0.05 } } },
  textile: { kind: 'wear', attrs: ['fabric', 'bed_size', 'set_pieces', 'care', 'tpl:pattern'], nameKeys: ['bed_size', 'color'], price: [500, 25000] },
  lighting: { attrs: ['lamp_base', 'power', 'light_temperature', 'installation', 'ip_rating', 'smart_home'], nameKeys: ['power'], price: [300, 60000], hints: { power: { values: [5, 7, 9, 12, 15, 24, 40, 60] } } },
  decor: { kind: 'goods', attrs: ['style', 'tpl:shape', 'width', 'height'], nameKeys: ['color'], price: [200, 25000], hints: { weight: { lo: 0.1, hi: 8, step: 0.05 } } },
  storage_home: { kind: 'goods', attrs: ['volume_l', 'set_pieces', 'tpl:foldable', 'width', 'height', 'depth'], nameKeys: ['volume_l'], price: [200, 15000] },
  garden: { kind: 'goods', attrs: ['power_source', 'power', 'operating_temperature', 'purpose', 'volume_l'], nameKeys: ['power'], price: [300, 120000], hints: { power: { values: [500, 800, 1200, 1600, 2000, 2500] }, weight: { lo: 0.5, hi: 40, step: 0.1 } } },
  power_tools: { attrs: ['power_source', 'power', 'tool_voltage', 'max_torque', 'chuck_diameter', 'rpm', 'case_included', 'battery_capacity'], nameKeys: ['tool_voltage', 'power'], price: [2000, 90000], hints: { power: { values: [500, 650, 750, 900, 1200, 1500, 2000] }, battery_capacity: { values: [1500, 2000, 3000, 4000, 5000] }, weight: { lo: 0.8, hi: 8, step: 0.05 } } },
  hand_tools: { kind: 'goods', attrs: ['set_pieces', 'case_included', 'length'], nameKeys: ['set_pieces'], price: [150, 25000] },
  plumbing: { kind: 'goods', attrs: ['installation', 'tpl:diameter', 'tpl:pressure', 'tpl:shape', 'tpl:finish'], nameKeys: ['color'], price: [400, 90000] },
  electric: { attrs: ['voltage', 'power', 'ip_rating', 'installation', 'tpl:cable_length'], nameKeys: [], price: [80, 40000] },
  building: { kind: 'goods', attrs: ['volume_l', 'tpl:thickness', 'tpl:finish', 'operating_temperature'], nameKeys: [], price: [150, 20000], hints: { weight: { lo: 1, hi: 50, step: 0.5 } } },
  bikes: { kind: 'goods', attrs: ['wheel_diameter', 'speeds', 'frame_material', 'max_user_weight', 'tpl:foldable', 'gender'], required: ['wheel_diameter'], nameKeys: ['wheel_diameter', 'speeds'], price: [8000, 300000], hints: { weight: { lo: 8, hi: 22, step: 0.1 } } },
  fitness: { kind: 'goods', attrs: ['max_user_weight', 'skill_level', 'power_source', 'tpl:foldable', 'display_present'], nameKeys: [], price: [500, 250000] },
  outdoor: { kind: 'goods', attrs: ['capacity_persons', 'comfort_temperature', 'waterproof', 'season', 'fabric'], nameKeys: ['capacity_persons'], price: [500, 80000] },
  winter_sport: { kind: 'goods', attrs: ['skill_level', 'length', 'gender', 'max_user_weight'], nameKeys: ['length'], price: [2000, 90000], hints: { length: { values: [120, 140, 150, 160, 170, 180] } } },
  water_sport: { kind: 'goods', attrs: ['max_user_weight', 'capacity_persons', 'skill_level', 'length'], nameKeys: [], price: [800, 150000] },
  team_sport: { kind: 'goods', attrs: ['skill_level', 'material', 'gender'], nameKeys: [], price: [400, 20000] },
  fishing: { kind: 'goods', attrs: ['length', 'max_load', 'season', 'material'], nameKeys: ['length'], price: [200, 60000], hints: { length: { values: [180, 210, 240, 270, 300, 360] } } },
  toys: { kind: 'goods', attrs: ['age', 'batteries_needed', 'hero', 'material', 'pieces'], required: ['age'], nameKeys: [], price: [200, 30000], hints: { weight: { lo: 0.05, hi: 4, step: 0.05 } } },
  kids_transport: { kind: 'goods', attrs: ['age', 'max_user_weight', 'tpl:foldable', 'wheel_diameter'], nameKeys: ['color'], price: [4000, 120000], hints: { max_user_weight: { values: [15, 18, 22, 25, 36] }, wheel_diameter: { values: [6, 7, 8, 10, 12] } } },
  baby: { kind: 'care', attrs: ['age', 'hypoallergenic', 'material', 'volume_ml'], nameKeys: [], price: [150, 20000], hints: { age: { range: [[0], [1, 2, 3]] } } },
  tires: { kind: 'goods', attrs: ['tire_width', 'tire_profile', 'rim_diameter', 'tire_season', 'speed_index', 'load_index', 'vehicle_type'], required: ['rim_diameter'], nameKeys: ['tire_width', 'tire_profile', 'rim_diameter'], price: [3500, 45000] },
  auto_chem: { kind: 'goods', attrs: ['volume_l', 'oil_viscosity', 'vehicle_type', 'operating_temperature'], nameKeys: ['volume_l'], price: [300, 9000], hints: { volume_l: { values: [0.5, 1, 4, 4, 5, 20] } } },
  auto_electronics: { attrs: ['screen_diagonal', 'video_resolution', 'power_source', 'wireless', 'memory_card', 'operating_temperature'], nameKeys: [], price: [1500, 50000], hints: { screen_diagonal: { values: [2, 2.4, 3, 7, 9, 10.1] } } },
  auto_accessories: { kind: 'goods', attrs: ['vehicle_type', 'material', 'tpl:compat'], nameKeys: ['color'], price: [200, 20000] },
  moto: { attrs: ['power', 'max_user_weight', 'wheel_diameter', 'power_source'], nameKeys: ['power'], price: [15000, 900000], hints: { power: { values: [250, 350, 500, 1000, 2000, 3000] } } },
  face_care: { kind: 'care', attrs: ['skin_type', 'volume_ml', 'spf', 'vegan', 'hypoallergenic'], nameKeys: ['volume_ml'], price: [150, 12000] },
  hair_care: { kind: 'care', attrs: ['hair_type', 'volume_ml', 'vegan'], nameKeys: ['volume_ml'], price: [150, 6000] },
  perfume: { kind: 'care', attrs: ['fragrance_family', 'volume_ml', 'gender'], required: ['volume_ml'], nameKeys: ['volume_ml'], price: [900, 45000], hints: { volume_ml: { values: [30, 50, 75, 90, 100] } } },
  makeup: { kind: 'care', attrs: ['skin_type', 'volume_ml', 'hypoallergenic', 'vegan'], nameKeys: ['color'], price: [200, 8000], hints: { volume_ml: { values: [5, 8, 10, 15, 30] } } },
  medical: { attrs: ['power_source', 'memory_card', 'display_present', 'battery_life', 'wireless'], nameKeys: [], price: [400, 40000] },
  hygiene: { kind: 'care', attrs: ['volume_ml', 'hypoallergenic', 'set_pieces'], nameKeys: ['volume_ml'], price: [60, 3000] },
  pets_food: { kind: 'care', attrs: ['animal_age', 'animal_size', 'feed_taste', 'net_weight'], required: ['net_weight'], nameKeys: ['feed_taste', 'net_weight'], price: [60, 12000] },
  pets_goods: { kind: 'care', attrs: ['animal_size', 'material', 'tpl:dim_range'], nameKeys: ['color'], price: [150, 20000] },
  aquarium: { attrs: ['volume_l', 'power', 'installation', 'temperature_range'], nameKeys: ['volume_l'], price: [300, 80000], hints: { temperature_range: { range: [[18, 20, 22], [5, 8, 12]] } } },
};

export interface SubSpec {
  name: string;
  en: string;
  profile: string;
  /** "Category=Product noun[@profile]|…" */
  kids: string;
}

export interface RootSpec {
  name: string;
  en: string;
  /** the department's own matrix */
  attrs: string[];
  /** words for generated deeper levels ("Смартфоны" → "Смартфоны с NFC") */
  qualifiers: string[];
  subs: SubSpec[];
}

export const ROOTS: RootSpec[] = [
  {
    name: 'Электроника', en: 'Electronics', attrs: ['color', 'country', 'warranty_months', 'weight', 'release_year', 'manufacturer_code'],
    qualifiers: ['премиум-класса', 'бюджетные', 'с NFC', 'для геймеров', 'для детей', 'с большим экраном', 'компактные', 'водонепроницаемые', 'новинки сезона', 'для пожилых', 'флагманские', 'восстановленные'],
    subs: [
      { name: 'Смартфоны и телефоны', en: 'Phones', profile: 'phones', kids: 'Смартфоны=Смартфон|Кнопочные телефоны=Мобильный телефон|Радиотелефоны=Радиотелефон|Смартфоны для детей=Детский смартфон|Защищенные смартфоны=Защищенный смартфон' },
      { name: 'Планшеты и электронные книги', en: 'Tablets and e-readers', profile: 'tablets', kids: 'Планшеты=Планшет|Электронные книги=Электронная книга|Графические планшеты=Графический планшет|Детские планшеты=Детский планшет' },
      { name: 'Телевизоры и видеотехника', en: 'TV and video', profile: 'tv', kids: 'Телевизоры=Телевизор|Проекторы=Проектор|ТВ-приставки=ТВ-приставка|Кронштейны для ТВ=Кронштейн|Экраны для проекторов=Экран для проектора' },
      { name: 'Наушники и гарнитуры', en: 'Headphones', profile: 'audio', kids: 'Беспроводные наушники=Беспроводные наушники|Проводные наушники=Наушники|Игровые гарнитуры=Игровая гарнитура|Спортивные наушники=Спортивные наушники' },
      { name: 'Аудиотехника', en: 'Audio', profile: 'speakers', kids: 'Портативные колонки=Портативная колонка|Умные колонки=Умная колонка|Саундбары=Саундбар|Музыкальные центры=Музыкальный центр|Виниловые проигрыватели=Виниловый проигрыватель' },
      { name: 'Фото- и видеокамеры', en: 'Cameras', profile: 'cameras', kids: 'Беззеркальные фотоаппараты=Беззеркальный фотоаппарат|Зеркальные фотоаппараты=Зеркальный фотоаппарат|Экшн-камеры=Экшн-камера|Объективы=Объектив|Видеокамеры=Видеокамера' },
      { name: 'Умные часы и браслеты', en: 'Wearables', profile: 'wearables', kids: 'Умные часы=Умные часы|Фитнес-браслеты=Фитнес-браслет|Детские умные часы=Детские часы|Ремешки для часов=Ремешок' },
      { name: 'Игровые приставки', en: 'Gaming', profile: 'gaming', kids: 'Игровые консоли=Игровая консоль|Геймпады=Геймпад|Портативные консоли=Портативная консоль|Очки VR=Очки виртуальной реальности' },
      { name: 'Аксессуары для телефонов', en: 'Phone accessories', profile: 'accessories', kids: 'Чехлы=Чехол|Защитные стекла=Защитное стекло|Зарядные устройства=Зарядное устройство|Внешние аккумуляторы=Внешний аккумулятор|Кабели и переходники=Кабель' },
      { name: 'Умный дом', en: 'Smart home', profile: 'smarthome', kids: 'Умные лампы=Умная лампа|Умные розетки=Умная розетка|Датчики=Датчик|Видеодомофоны=Видеодомофон|IP-камеры=IP-камера' },
    ],
  },
  {
    name: 'Компьютеры и ноутбуки', en: 'Computers', attrs: ['color', 'country', 'warranty_months', 'weight', 'manufacturer_code'],
    qualifiers: ['игровые', 'для работы', 'для учебы', 'офисные', 'мощные', 'тонкие и легкие', 'трансформеры', 'бизнес-класса', 'с RGB-подсветкой', 'бесшумные'],
    subs: [
      { name: 'Ноутбуки', en: 'Laptops', profile: 'laptops', kids: 'Ноутбуки=Ноутбук|Игровые ноутбуки=Игровой ноутбук|Ультрабуки=Ультрабук|Ноутбуки-трансформеры=Ноутбук-трансформер' },
      { name: 'Настольные компьютеры', en: 'Desktops', profile: 'desktops', kids: 'Системные блоки=Системный блок|Моноблоки=Моноблок|Неттопы=Неттоп|Игровые компьютеры=Игровой компьютер' },
      { name: 'Мониторы', en: 'Monitors', profile: 'monitors', kids: 'Мониторы=Монитор|Игровые мониторы=Игровой монитор|Изогнутые мониторы=Изогнутый монитор|Кронштейны для мониторов=Кронштейн для монитора' },
      { name: 'Комплектующие', en: 'Components', profile: 'components', kids: 'Видеокарты=Видеокарта|Процессоры=Процессор|Материнские платы=Материнская плата|Оперативная память=Модуль памяти|Блоки питания=Блок питания|Корпуса=Корпус|Системы охлаждения=Кулер' },
      { name: 'Накопители', en: 'Storage', profile: 'components', kids: 'SSD-накопители=SSD-накопитель|Жесткие диски=Жесткий диск|Флешки=Флешка|Карты памяти=Карта памяти|Внешние диски=Внешний диск' },
      { name: 'Периферия', en: 'Peripherals', profile: 'peripherals', kids: 'Клавиатуры=Клавиатура|Мыши=Мышь|Веб-камеры=Веб-камера|Коврики для мыши=Коврик для мыши|Микрофоны=Микрофон' },
      { name: 'Сетевое оборудование', en: 'Networking', profile: 'network', kids: 'Wi-Fi роутеры=Роутер|Mesh-системы=Mesh-система|Коммутаторы=Коммутатор|Сетевые адаптеры=Сетевой адаптер|Модемы 4G=Модем' },
      { name: 'Оргтехника', en: 'Office equipment', profile: 'office', kids: 'Принтеры=Принтер|МФУ=МФУ|Сканеры=Сканер|Картриджи=Картридж|Шредеры=Шредер' },
    ],
  },
  {
    name: 'Бытовая техника', en: 'Home appliances', attrs: ['color', 'country', 'warranty_months', 'weight', 'voltage'],
    qualifiers: ['встраиваемые', 'компактные', 'с инвертором', 'с Wi-Fi', 'тихие', 'для большой семьи', 'эконом-класса', 'премиум', 'с паром', 'для дачи'],
    subs: [
      { name: 'Стиральные и сушильные машины', en: 'Washers and dryers', profile: 'washers', kids: 'Стиральные машины=Стиральная машина|Сушильные машины=Сушильная машина|Стирально-сушильные машины=Стирально-сушильная машина|Узкие стиральные машины=Стиральная машина' },
      { name: 'Холодильники и морозильники', en: 'Fridges and freezers', profile: 'fridges', kids: 'Холодильники=Холодильник|Морозильные камеры=Морозильная камера|Винные шкафы=Винный шкаф|Мини-холодильники=Мини-холодильник' },
      { name: 'Плиты и духовые шкафы', en: 'Cookers', profile: 'big_appliances', kids: 'Электрические плиты=Электрическая плита|Газовые плиты=Газовая плита|Варочные панели=Варочная панель|Духовые шкафы=Духовой шкаф' },
      { name: 'Посудомоечные машины', en: 'Dishwashers', profile: 'big_appliances', kids: 'Посудомоечные машины=Посудомоечная машина|Компактные посудомоечные машины=Компактная посудомоечная машина|Встраиваемые посудомоечные машины=Встраиваемая посудомоечная машина' },
      { name: 'Техника для кухни', en: 'Kitchen appliances', profile: 'kitchen', kids: 'Электрочайники=Электрочайник|Мультиварки=Мультиварка|Микроволновые печи=Микроволновая печь|Блендеры=Блендер|Кофемашины=Кофемашина|Мясорубки=Мясорубка|Тостеры=Тостер|Аэрогрили=Аэрогриль' },
      { name: 'Техника для дома', en: 'Home care', profile: 'home_appliances', kids: 'Пылесосы=Пылесос|Роботы-пылесосы=Робот-пылесос|Вертикальные пылесосы=Вертикальный пылесос|Утюги=Утюг|Отпариватели=Отпариватель|Швейные машины=Швейная машина' },
      { name: 'Климатическая техника', en: 'Climate', profile: 'climate', kids: 'Кондиционеры=Кондиционер|Обогреватели=Обогреватель|Увлажнители воздуха=Увлажнитель воздуха|Очистители воздуха=Очиститель воздуха|Вентиляторы=Вентилятор|Водонагреватели=Водонагреватель' },
      { name: 'Техника для красоты', en: 'Beauty appliances', profile: 'beauty_appliances', kids: 'Фены=Фен|Выпрямители=Выпрямитель|Электробритвы=Электробритва|Триммеры=Триммер|Эпиляторы=Эпилятор|Электрические зубные щетки=Электрическая зубная щетка' },
    ],
  },
  {
    name: 'Одежда', en: 'Clothing', attrs: ['color', 'country'],
    qualifiers: ['больших размеров', 'для беременных', 'базовые', 'из хлопка', 'оверсайз', 'офисные', 'повседневные', 'праздничные', 'из новой коллекции', 'для подростков'],
    subs: [
      { name: 'Женская одежда', en: 'Women', profile: 'clothing', kids: 'Платья=Платье|Блузки и рубашки=Блузка|Юбки=Юбка|Джинсы=Джинсы|Футболки и топы=Футболка|Свитеры и кардиганы=Свитер|Брюки=Брюки' },
      { name: 'Мужская одежда', en: 'Men', profile: 'clothing', kids: 'Рубашки=Рубашка|Футболки и поло=Футболка|Джинсы=Джинсы|Брюки=Брюки|Костюмы=Костюм|Толстовки и худи=Худи|Свитеры=Свитер' },
      { name: 'Детская одежда', en: 'Kids', profile: 'clothing', kids: 'Одежда для девочек=Платье для девочки|Одежда для мальчиков=Костюм для мальчика|Одежда для малышей=Боди|Школьная форма=Школьная форма' },
      { name: 'Верхняя одежда', en: 'Outerwear', profile: 'clothing', kids: 'Пуховики=Пуховик@outerwear|Куртки=Куртка@outerwear|Пальто=Пальто@outerwear|Парки=Парка@outerwear|Ветровки=Ветровка@outerwear' },
      { name: 'Спортивная одежда', en: 'Sportswear', profile: 'clothing', kids: 'Спортивные костюмы=Спортивный костюм|Леггинсы=Леггинсы|Термобелье=Термобелье|Спортивные футболки=Спортивная футболка' },
      { name: 'Нижнее белье и домашняя одежда', en: 'Underwear and homewear', profile: 'clothing', kids: 'Пижамы=Пижама|Халаты=Халат|Носки=Носки|Бюстгальтеры=Бюстгальтер|Трусы=Трусы' },
      { name: 'Аксессуары', en: 'Accessories', profile: 'clothing', kids: 'Шапки=Шапка|Шарфы=Шарф|Перчатки=Перчатки|Ремни=Ремень|Сумки=Сумка|Рюкзаки=Рюкзак' },
    ],
  },
  {
    name: 'Обувь', en: 'Footwear', attrs: ['color', 'country', 'material'],
    qualifiers: ['кожаные', 'на платформе', 'на широкую ногу', 'ортопедические', 'на каблуке', 'замшевые', 'утепленные', 'легкие'],
    subs: [
      { name: 'Женская обувь', en: 'Women', profile: 'shoes', kids: 'Кроссовки=Кроссовки|Туфли=Туфли|Ботинки=Ботинки|Сапоги=Сапоги|Босоножки=Босоножки|Балетки=Балетки' },
      { name: 'Мужская обувь', en: 'Men', profile: 'shoes', kids: 'Кроссовки=Кроссовки|Кеды=Кеды|Ботинки=Ботинки|Туфли=Туфли|Мокасины=Мокасины|Сандалии=Сандалии' },
      { name: 'Детская обувь', en: 'Kids', profile: 'shoes', kids: 'Кроссовки для детей=Детские кроссовки|Сандалии для детей=Детские сандалии|Зимняя обувь для детей=Детские ботинки|Резиновые сапоги=Резиновые сапоги' },
      { name: 'Спортивная обувь', en: 'Sports', profile: 'shoes', kids: 'Беговые кроссовки=Беговые кроссовки|Футбольные бутсы=Бутсы|Треккинговая обувь=Треккинговые ботинки|Баскетбольные кроссовки=Баскетбольные кроссовки' },
      { name: 'Домашняя обувь', en: 'Home', profile: 'shoes', kids: 'Тапочки=Тапочки|Шлепанцы=Шлепанцы|Валенки=Валенки' },
    ],
  },
  {
    name: 'Дом и сад', en: 'Home and garden', attrs: ['color', 'country', 'material', 'weight'],
    qualifiers: ['в скандинавском стиле', 'для гостиной', 'для спальни', 'для кухни', 'для ванной', 'для дачи', 'для детской', 'в стиле лофт', 'из массива', 'недорогие'],
    subs: [
      { name: 'Мебель', en: 'Furniture', profile: 'furniture', kids: 'Диваны=Диван|Кровати=Кровать|Шкафы=Шкаф|Столы=Стол|Стулья=Стул|Комоды=Комод|Компьютерные кресла=Компьютерное кресло|Матрасы=Матрас' },
      { name: 'Посуда', en: 'Cookware', profile: 'kitchenware', kids: 'Сковороды=Сковорода|Кастрюли=Кастрюля|Наборы посуды=Набор посуды|Столовые сервизы=Сервиз|Ножи кухонные=Нож|Термосы=Термос|Контейнеры для еды=Контейнер' },
      { name: 'Домашний текстиль', en: 'Home textile', profile: 'textile', kids: 'Постельное белье=Комплект постельного белья|Подушки=Подушка|Одеяла=Одеяло|Пледы=Плед|Полотенца=Полотенце|Шторы=Шторы' },
      { name: 'Освещение', en: 'Lighting', profile: 'lighting', kids: 'Люстры=Люстра|Светильники=Светильник|Настольные лампы=Настольная лампа|Торшеры=Торшер|Светодиодные лампы=Светодиодная лампа|Гирлянды=Гирлянда' },
      { name: 'Декор для дома', en: 'Decor', profile: 'decor', kids: 'Зеркала=Зеркало|Картины=Картина|Вазы=Ваза|Часы настенные=Часы настенные|Свечи и подсвечники=Свеча|Искусственные цветы=Искусственный цветок' },
      { name: 'Хранение вещей', en: 'Storage', profile: 'storage_home', kids: 'Корзины и коробки=Корзина|Вешалки=Вешалка|Органайзеры=Органайзер|Сушилки для белья=Сушилка для белья' },
      { name: 'Сад и огород', en: 'Garden', profile: 'garden', kids: 'Газонокосилки=Газонокосилка|Триммеры садовые=Садовый триммер|Садовый инструмент=Секатор|Поливочное оборудование=Шланг поливочный|Семена=Семена|Теплицы=Теплица' },
      { name: 'Товары для дачи и отдыха', en: 'Country house', profile: 'garden', kids: 'Садовая мебель=Садовое кресло|Грили и мангалы=Мангал|Бассейны=Бассейн|Качели=Садовые качели|Гамаки=Гамак' },
    ],
  },
  {
    name: 'Строительство и ремонт', en: 'DIY', attrs: ['country', 'warranty_months', 'weight', 'manufacturer_code'],
    qualifiers: ['профессиональные', 'бытовые', 'аккумуляторные', 'сетевые', 'в наборе', 'для дерева', 'для металла', 'для бетона'],
    subs: [
      { name: 'Электроинструменты', en: 'Power tools', profile: 'power_tools', kids: 'Дрели-шуруповерты=Дрель-шуруповерт|Перфораторы=Перфоратор|Болгарки=Угловая шлифмашина|Лобзики=Электролобзик|Циркулярные пилы=Циркулярная пила|Шлифмашины=Шлифмашина|Строительные фены=Строительный фен' },
      { name: 'Ручной инструмент', en: 'Hand tools', profile: 'hand_tools', kids: 'Наборы инструментов=Набор инструментов|Отвертки=Отвертка|Молотки=Молоток|Ключи=Ключ гаечный|Измерительный инструмент=Рулетка|Уровни=Уровень' },
      { name: 'Сантехника', en: 'Plumbing', profile: 'plumbing', kids: 'Смесители=Смеситель|Унитазы=Унитаз|Раковины=Раковина|Ванны=Ванна|Душевые системы=Душевая система|Полотенцесушители=Полотенцесушитель' },
      { name: 'Электрика', en: 'Electrical', profile: 'electric', kids: 'Розетки=Розетка|Выключатели=Выключатель|Удлинители=Удлинитель|Кабель=Кабель силовой|Автоматические выключатели=Автоматический выключатель' },
      { name: 'Отделочные материалы', en: 'Finishing', profile: 'building', kids: 'Краски=Краска|Обои=Обои|Ламинат=Ламинат|Плитка=Плитка|Штукатурки=Штукатурка|Клей=Клей' },
      { name: 'Крепеж', en: 'Fasteners', profile: 'building', kids: 'Саморезы=Саморезы|Дюбели=Дюбели|Анкеры=Анкер|Болты и гайки=Болт' },
    ],
  },
  {
    name: 'Спорт и отдых', en: 'Sport', attrs: ['color', 'country', 'weight', 'material'],
    qualifiers: ['для начинающих', 'для профессионалов', 'для детей', 'женские', 'мужские', 'складные', 'для города', 'для бездорожья'],
    subs: [
      { name: 'Велосипеды', en: 'Bicycles', profile: 'bikes', kids: 'Горные велосипеды=Горный велосипед|Городские велосипеды=Городской велосипед|Детские велосипеды=Детский велосипед|Электровелосипеды=Электровелосипед|Шоссейные велосипеды=Шоссейный велосипед' },
      { name: 'Тренажеры и фитнес', en: 'Fitness', profile: 'fitness', kids: 'Беговые дорожки=Беговая дорожка|Велотренажеры=Велотренажер|Гантели=Гантели|Коврики для йоги=Коврик для йоги|Эспандеры=Эспандер|Турники=Турник' },
      { name: 'Туризм и кемпинг', en: 'Camping', profile: 'outdoor', kids: 'Палатки=Палатка|Спальные мешки=Спальный мешок|Туристические рюкзаки=Туристический рюкзак|Туристическая мебель=Туристический стул|Фонари=Фонарь' },
      { name: 'Зимние виды спорта', en: 'Winter sports', profile: 'winter_sport', kids: 'Лыжи=Лыжи|Сноуборды=Сноуборд|Коньки=Коньки|Санки и тюбинги=Тюбинг|Горнолыжные маски=Горнолыжная маска' },
      { name: 'Водный спорт', en: 'Water sports', profile: 'water_sport', kids: 'Сапборды=Сапборд|Надувные лодки=Надувная лодка|Гидрокостюмы=Гидрокостюм|Очки для плавания=Очки для плавания' },
      { name: 'Командные виды спорта', en: 'Team sports', profile: 'team_sport', kids: 'Футбольные мячи=Футбольный мяч|Баскетбольные мячи=Баскетбольный мяч|Хоккейные клюшки=Хоккейная клюшка|Волейбольные мячи=Волейбольный мяч' },
      { name: 'Рыбалка', en: 'Fishing', profile: 'fishing', kids: 'Удилища=Удилище|Катушки=Катушка|Приманки=Приманка|Эхолоты=Эхолот|Рыболовные снасти=Леска' },
      { name: 'Самокаты и ролики', en: 'Scooters and skates', profile: 'kids_transport', kids: 'Самокаты=Самокат|Электросамокаты=Электросамокат|Роликовые коньки=Роликовые коньки|Скейтборды=Скейтборд' },
    ],
  },
  {
    name: 'Детские товары', en: 'Kids', attrs: ['color', 'country', 'weight', 'material'],
    qualifiers: ['для девочек', 'для мальчиков', 'для малышей', 'развивающие', 'деревянные', 'интерактивные', 'подарочные наборы', 'от 3 лет'],
    subs: [
      { name: 'Игрушки', en: 'Toys', profile: 'toys', kids: 'Куклы=Кукла|Мягкие игрушки=Мягкая игрушка|Машинки=Машинка|Радиоуправляемые игрушки=Радиоуправляемая машина|Развивающие игрушки=Развивающая игрушка|Настольные игры=Настольная игра' },
      { name: 'Конструкторы', en: 'Construction toys', profile: 'toys', kids: 'Конструкторы блочные=Конструктор|Магнитные конструкторы=Магнитный конструктор|Деревянные конструкторы=Деревянный конструктор|Робототехника=Робот-конструктор' },
      { name: 'Детские коляски', en: 'Strollers', profile: 'kids_transport', kids: 'Прогулочные коляски=Прогулочная коляска|Коляски 2 в 1=Коляска 2 в 1|Коляски для новорожденных=Коляска-люлька|Коляски для двойни=Коляска для двойни' },
      { name: 'Автокресла', en: 'Car seats', profile: 'kids_transport', kids: 'Автокресла 0+=Автолюлька|Автокресла 1-2-3=Автокресло|Бустеры=Бустер' },
      { name: 'Товары для новорожденных', en: 'Newborn', profile: 'baby', kids: 'Подгузники=Подгузники|Бутылочки=Бутылочка|Соски и пустышки=Пустышка|Радионяни=Радионяня|Детская косметика=Детский крем' },
      { name: 'Детская комната', en: 'Kids room', profile: 'furniture', kids: 'Детские кроватки=Детская кроватка|Стульчики для кормления=Стульчик для кормления|Манежи=Манеж|Пеленальные столики=Пеленальный столик' },
      { name: 'Творчество и хобби', en: 'Arts and crafts', profile: 'toys', kids: 'Наборы для рисования=Набор для рисования|Пластилин=Пластилин|Пазлы=Пазл|Раскраски=Раскраска' },
    ],
  },
  {
    name: 'Авто и мото', en: 'Auto', attrs: ['country', 'warranty_months', 'weight', 'manufacturer_code'],
    qualifiers: ['для легковых автомобилей', 'для внедорожников', 'для грузовиков', 'оригинальные', 'универсальные', 'для зимы', 'для лета', 'премиум'],
    subs: [
      { name: 'Шины', en: 'Tires', profile: 'tires', kids: 'Летние шины=Шина летняя|Зимние шины=Шина зимняя|Всесезонные шины=Шина всесезонная|Мотошины=Мотошина' },
      { name: 'Диски', en: 'Wheels', profile: 'tires', kids: 'Литые диски=Диск литой|Штампованные диски=Диск штампованный|Кованые диски=Диск кованый' },
      { name: 'Автоэлектроника', en: 'Car electronics', profile: 'auto_electronics', kids: 'Видеорегистраторы=Видеорегистратор|Радар-детекторы=Радар-детектор|Автомагнитолы=Автомагнитола|Навигаторы=Навигатор|Парковочные радары=Парктроник' },
      { name: 'Масла и автохимия', en: 'Oils and chemicals', profile: 'auto_chem', kids: 'Моторные масла=Моторное масло|Трансмиссионные масла=Трансмиссионное масло|Антифризы=Антифриз|Автошампуни=Автошампунь|Стеклоомывающие жидкости=Стеклоомывающая жидкость' },
      { name: 'Автоаксессуары', en: 'Car accessories', profile: 'auto_accessories', kids: 'Коврики в салон=Коврики|Чехлы на сиденья=Чехлы на сиденья|Автомобильные держатели=Держатель|Органайзеры в багажник=Органайзер' },
      { name: 'Инструменты для авто', en: 'Car tools', profile: 'power_tools', kids: 'Компрессоры=Автомобильный компрессор|Домкраты=Домкрат|Пуско-зарядные устройства=Пуско-зарядное устройство|Наборы автоинструмента=Набор автоинструмента' },
      { name: 'Мототехника', en: 'Motorbikes', profile: 'moto', kids: 'Мотоциклы=Мотоцикл|Квадроциклы=Квадроцикл|Питбайки=Питбайк|Мотоэкипировка=Мотошлем' },
    ],
  },
  {
    name: 'Красота и здоровье', en: 'Beauty and health', attrs: ['country', 'manufacturer_code'],
    qualifiers: ['корейская косметика', 'натуральные', 'для мужчин', 'органические', 'профессиональные', 'для чувствительной кожи', 'подарочные наборы', 'аптечные'],
    subs: [
      { name: 'Уход за лицом', en: 'Face care', profile: 'face_care', kids: 'Кремы для лица=Крем для лица|Сыворотки=Сыворотка|Маски для лица=Маска для лица|Средства для умывания=Гель для умывания|Солнцезащитные средства=Солнцезащитный крем' },
      { name: 'Уход за волосами', en: 'Hair care', profile: 'hair_care', kids: 'Шампуни=Шампунь|Бальзамы=Бальзам|Маски для волос=Маска для волос|Краски для волос=Краска для волос|Средства для укладки=Лак для волос' },
      { name: 'Парфюмерия', en: 'Perfume', profile: 'perfume', kids: 'Женская парфюмерия=Парфюмерная вода|Мужская парфюмерия=Туалетная вода|Нишевая парфюмерия=Парфюм|Парфюмерные наборы=Парфюмерный набор' },
      { name: 'Декоративная косметика', en: 'Make-up', profile: 'makeup', kids: 'Помады=Помада|Тушь для ресниц=Тушь|Тональные средства=Тональный крем|Тени для век=Тени|Лаки для ногтей=Лак для ногтей' },
      { name: 'Медицинские приборы', en: 'Medical devices', profile: 'medical', kids: 'Тонометры=Тонометр|Термометры=Термометр|Ингаляторы=Ингалятор|Глюкометры=Глюкометр|Массажеры=Массажер' },
      { name: 'Гигиена', en: 'Hygiene', profile: 'hygiene', kids: 'Зубные пасты=Зубная паста|Гели для душа=Гель для душа|Дезодоранты=Дезодорант|Средства для бритья=Пена для бритья' },
    ],
  },
  {
    name: 'Зоотовары', en: 'Pets', attrs: ['country', 'color'],
    qualifiers: ['для щенков', 'для котят', 'премиум', 'холистик', 'беззерновые', 'для стерилизованных', 'ветеринарные', 'для крупных пород'],
    subs: [
      { name: 'Корма для собак', en: 'Dog food', profile: 'pets_food', kids: 'Сухие корма для собак=Сухой корм для собак|Влажные корма для собак=Влажный корм для собак|Лакомства для собак=Лакомство для собак' },
      { name: 'Корма для кошек', en: 'Cat food', profile: 'pets_food', kids: 'Сухие корма для кошек=Сухой корм для кошек|Влажные корма для кошек=Влажный корм для кошек|Лакомства для кошек=Лакомство для кошек' },
      { name: 'Товары для собак', en: 'Dog goods', profile: 'pets_goods', kids: 'Лежанки для собак=Лежанка|Поводки и ошейники=Поводок|Игрушки для собак=Игрушка для собак|Одежда для собак=Комбинезон для собак' },
      { name: 'Товары для кошек', en: 'Cat goods', profile: 'pets_goods', kids: 'Наполнители=Наполнитель|Когтеточки=Когтеточка|Лотки=Лоток|Переноски=Переноска' },
      { name: 'Аквариумистика', en: 'Aquariums', profile: 'aquarium', kids: 'Аквариумы=Аквариум|Фильтры для аквариума=Фильтр для аквариума|Компрессоры для аквариума=Компрессор для аквариума|Корма для рыб=Корм для рыб' },
      { name: 'Грызуны и птицы', en: 'Rodents and birds', profile: 'pets_goods', kids: 'Клетки=Клетка|Корма для грызунов=Корм для грызунов|Корма для птиц=Корм для птиц' },
    ],
  },
];
