// Brand names by department (index into ROOTS). Real names for the familiar head of the catalog,
// generated Latin-sounding names for the long tail (a 1M-SKU shop carries ~2,000 brands).
export const REAL_BRANDS: string[] = [
  // 0 Электроника
  'Samsung|Xiaomi|Apple|Huawei|Honor|realme|POCO|OnePlus|Tecno|Infinix|Vivo|OPPO|Nothing|Google|Sony|LG|Philips|TCL|Hisense|Haier|' +
    'JBL|Marshall|Sennheiser|Bose|Audio-Technica|Edifier|Yandex|SberDevices|Canon|Nikon|Fujifilm|Panasonic|GoPro|DJI|Garmin|Amazfit|' +
    'Huami|Nintendo|Microsoft|PlayStation|Anker|Baseus|Ugreen|Belkin|Hoco|Borofone|Digma|BQ|Texet|Prestigio|Ritmix|Harper|Hyundai|' +
    'Elari|Aqara|Ezviz|Tapo|Rubetek|Sven|Defender|Dexp|Irbis|Polar|Xiaomi Mijia|Realme TechLife',
  // 1 Компьютеры и ноутбуки
  'ASUS|Acer|Lenovo|HP|Dell|MSI|Gigabyte|ASRock|Apple|Huawei|Honor|Xiaomi|Intel|AMD|NVIDIA|Palit|Zotac|Kingston|Crucial|Western Digital|' +
    'Seagate|Toshiba|Samsung|ADATA|Transcend|SanDisk|Corsair|HyperX|Logitech|Razer|SteelSeries|A4Tech|Genius|Oklick|Redragon|Zalman|' +
    'Deepcool|be quiet!|Cooler Master|Thermaltake|Chieftec|AOC|BenQ|ViewSonic|iiyama|Philips|TP-Link|Keenetic|MikroTik|D-Link|Tenda|' +
    'Zyxel|Netis|Brother|Epson|Kyocera|Xerox|Pantum|Katusha IT|Aquarius|iRU|Rombica|Graviton|Yadro|F+',
  // 2 Бытовая техника
  'Bosch|Siemens|Electrolux|AEG|Miele|Indesit|Hotpoint|Beko|Candy|Hansa|Gorenje|Atlant|Pozis|Liebherr|Haier|LG|Samsung|Weissgauff|' +
    'Midea|Ballu|Electrolux Home|Timberk|Zanussi|Kuppersberg|Maunfeld|Krona|Delonghi|Philips|Tefal|Moulinex|Rowenta|Braun|Kenwood|' +
    'Redmond|Polaris|Scarlett|Vitek|Kitfort|Galaxy Line|Starwind|Centek|Bork|Dyson|Karcher|Thomas|Dreame|Roborock|iRobot|Xiaomi|' +
    'Remington|BaByliss|Panasonic|Oral-B|Singer|Janome|Brother|Royal Clima|Hisense|Gree|Daikin|Ariston|Thermex|Stiebel Eltron|Garanterm',
  // 3 Одежда
  'Gloria Jeans|Zarina|Befree|Love Republic|O’STIN|Sela|Incity|Finn Flare|Baon|Concept Club|Lime|Mango|Zolla|Tom Tailor|Levi’s|' +
    'Wrangler|Lee|Calvin Klein|Tommy Hilfiger|Lacoste|Guess|Pull&Bear|Bershka|Mavi|Colin’s|Diesel|Marks & Spencer|Uniqlo|Acoola|' +
    'Futurino|Orby|Crockid|Modis|Nike|Adidas|Puma|Reebok|Under Armour|The North Face|Columbia|Outventure|Demix|Kappa|Fila|Asics|Helly Hansen|' +
    'Norveg|Conte|Omsa|Calzedonia|Intimissimi|Milavitsa|Palmetta|Lamoda Basic|Henderson|Sisley|Benetton|Vassa&Co|Charuel',
  // 4 Обувь
  'Ecco|Rieker|Tamaris|Geox|Ralf Ringer|Карло Пазолини|Респект|Thomas Munz|Kari|Zenden|Ekonika|Mascotte|Salamander|Clarks|Timberland|' +
    'Dr. Martens|UGG|Crocs|Skechers|New Balance|Nike|Adidas|Puma|Reebok|Asics|Mizuno|Saucony|Salomon|Merrell|Keen|Converse|Vans|' +
    'Котофей|Kapika|Antilopa|Капитошка|Зебра|Demix|Kappa|Hummel|Dino Ricci|Marco Tozzi|S.Oliver|Caprice|Jana|Pierre Cardin|Baldinini',
  // 5 Дом и сад
  'IKEA|Hoff|Askona|Ormatek|Lazurit|Shatura|Много Мебели|Столплит|Стендмебель|Мебельград|Tefal|Rondell|Fissman|Vitesse|Bergner|' +
    'Pyrex|Luminarc|Kukmara|Нева Металл Посуда|Biol|Zwilling|Samura|Tramontina|Thermos|Stanley|Lock&Lock|Curver|Tescoma|Arya|Togas|' +
    'Cleanelly|Wenge|Нордтекс|Ivanovo Textile|Этель|Eurosvet|Maytoni|Citilux|Arte Lamp|Lightstar|Gauss|Navigator|Feron|Эра|Camelion|' +
    'Gardena|Husqvarna|Stihl|Greenworks|Champion|Patriot|Huter|Fiskars|Raco|Park|Palisad|Grinda|Bestway|Intex|Go Garden|Союз Агро',
  // 6 Строительство и ремонт
  'Bosch|Makita|DeWalt|Metabo|Hitachi|HiKOKI|Ryobi|AEG Powertools|Milwaukee|Интерскол|Зубр|Вихрь|Ресанта|Калибр|Sturm!|Elitech|' +
    'P.I.T.|Kolner|Hammer|Энкор|Stanley|Kraftool|Matrix|Stayer|Jonnesway|Force|Ombra|Грани|Grohe|Hansgrohe|Ideal Standard|Jacob Delafon|' +
    'Roca|Cersanit|Santek|Vitra|Iddis|Lemark|Rossinka|Aquanet|Legrand|Schneider Electric|ABB|IEK|TDM Electric|Werkel|Lezard|' +
    'Tikkurila|Dulux|Caparol|Текс|Ceresit|Knauf|Волма|Старатели|Tarkett|Quick-Step|Kerama Marazzi|Unis|Sormat|Fischer|Tech-Krep|Mungo',
  // 7 Спорт и отдых
  'Stern|Stels|Forward|Merida|Trek|Cube|Giant|Format|Author|Shulz|Altair|Schwinn|Torneo|Oxygen Fitness|Carbon Fitness|Clear Fit|' +
    'Kettler|Proxima|UnixFit|Bradex|Starfit|Demix|Atemi|Larsen|Tramp|Nova Tour|Greenell|Jack Wolfskin|Deuter|Osprey|Salomon|Atomic|' +
    'Fischer|Rossignol|Head|Nordway|Burton|Tisa|Ника|Bauer|CCM|Graf|Molten|Mikasa|Spalding|Wilson|Select|Jogel|Torres|Shimano|Daiwa|' +
    'Salmo|Mikado|Kosadaka|Lucky John|Rapala|Garmin|Lowrance|Практик|Xiaomi|Ninebot|Kugoo|Ridex|Tech Team|Micro|Globber',
  // 8 Детские товары
  'Lego|Playmobil|Mattel|Barbie|Hot Wheels|Hasbro|Nerf|Play-Doh|Fisher-Price|Chicco|Tomy|Vtech|Mega Bloks|Bondibon|Десятое королевство|' +
    'Играем вместе|Полесье|Стеллар|Огонек|Технок|Magformers|Cobi|Banbao|Sluban|Mould King|Huggies|Pampers|Merries|Moony|Goon|Libero|' +
    'Philips Avent|Tommee Tippee|Nuk|Pigeon|Happy Baby|Babyton|Inglesina|Cybex|Britax Römer|Joie|Peg-Perego|Valco Baby|Tutis|Anex|' +
    'Carrello|Rant|Siger|Лель|Кубаньлесстрой|Гандылян|Мишутка|Пластишка|Луч|Гамма|Каляка-Маляка|Crayola|Faber-Castell|Step Puzzle|Ravensburger',
  // 9 Авто и мото
  'Michelin|Bridgestone|Continental|Pirelli|Nokian Tyres|Ikon Tyres|Hankook|Yokohama|Toyo|Goodyear|Dunlop|Cordiant|Kama|Viatti|' +
    'Tunga|Triangle|Sailun|Kumho|Nexen|Gislaved|Skad|K&K|Replay|LS Wheels|Alcasta|Trebl|iBOX|Neoline|Inspector|SilverStone F1|Sho-Me|' +
    'Pioneer|Alpine|Kenwood|JVC|Prology|Navitel|Shell|Mobil|Castrol|Lukoil|Rosneft|G-Energy|Gazpromneft|Liqui Moly|Motul|Total|' +
    'ZIC|Sintec|Felix|Grass|Kerry|Hi-Gear|Runway|Autoprofi|Skyway|Berkut|Carmega|Aiko|Stels Moto|Motoland|Irbis Moto|Racer|Avantis',
  // 10 Красота и здоровье
  'L’Oreal Paris|Garnier|Nivea|Dove|Natura Siberica|Чистая линия|Черный жемчуг|Librederm|La Roche-Posay|Vichy|Bioderma|Avene|' +
    'CeraVe|Holy Land|Kiehl’s|Clinique|Estee Lauder|Lancome|Dior|Chanel|Guerlain|Givenchy|Yves Saint Laurent|Hugo Boss|Versace|' +
    'Giorgio Armani|Paco Rabanne|Montale|Zielinski & Rozen|Essence|Maybelline New York|Vivienne Sabo|Luxvisage|Belor Design|Catrice|' +
    'Rimmel|Max Factor|Pupa|Kerastase|Matrix|Schwarzkopf|Syoss|Pantene|Head & Shoulders|Estel|Kapous|Ollin|Omron|B.Well|AND|' +
    'Microlife|Little Doctor|Сателлит|Accu-Chek|Colgate|Splat|Lacalut|President|Gillette|Old Spice|Rexona|Palmolive|Жемчуг',
  // 11 Зоотовары
  'Royal Canin|Purina Pro Plan|Purina One|Hill’s|Acana|Orijen|Grandorf|Brit|Monge|Farmina|Pedigree|Chappi|Whiskas|Kitekat|Felix|' +
    'Sheba|Gourmet|Мнямс|Blitz|Зоогурман|Organix|Probalance|Trixie|Ferplast|Savic|Triol|Flexi|Kong|Hunter|Collar|Rurri|Pet Tails|' +
    'N1|Ever Clean|Cat’s Best|Fresh Step|Барсик|Тигер|Tetra|JBL Aquaristik|Aquael|Juwel|Eheim|Sera|Barbus|Vitakraft|Little One|Fiory|Padovan',
];

const PREFIX = [
  'Nord', 'Vel', 'Alt', 'Krio', 'Ter', 'Bel', 'Mar', 'Zen', 'Ark', 'Vort', 'Lum', 'Sol', 'Ros', 'Gran', 'Pol', 'Stel', 'Vit', 'Kor',
  'Mag', 'Fer', 'Del', 'Ori', 'Tal', 'Sib', 'Ural', 'Volg', 'Bai', 'Kam', 'Ok', 'Ast', 'Rus', 'Lad', 'Sev', 'Yug', 'Vost', 'Zap',
  'Ekon', 'Prom', 'Tekh', 'Elek', 'Avto', 'Dom', 'Sad', 'Les', 'Neo', 'Max', 'Opt', 'Prim', 'Ultr', 'Mir', 'Ray', 'Vega', 'Orb',
  'Kron', 'Bravo', 'Aero', 'Hydro', 'Termo', 'Servo', 'Omni',
];
const SUFFIX = [
  'ex', 'ika', 'on', 'tek', 'line', 'ra', 'mont', 'vik', 'ter', 'lux', 'ia', 'ar', 'os', 'is', 'eco', 'form', 'prom', 'stroy', 'master',
  'tex', 'ell', 'ino', 'eta', 'ix', 'ona', 'home', 'tron', 'sila', 'port', 'era', 'ant', 'uma', 'ora', 'ven', 'ado',
];

/** name → department indices; deterministic, about `total` brands in all. */
export function brandCatalog(total: number, departments: number, pickRng: (i: number) => number): { name: string; roots: number[] }[] {
  const byName = new Map<string, Set<number>>();
  REAL_BRANDS.forEach((list, root) => {
    if (root >= departments) return;
    for (const name of list.split('|')) {
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name)!.add(root);
    }
  });
  let i = 0;
  outer: for (const s of SUFFIX) {
    for (const p of PREFIX) {
      if (byName.size >= total) break outer;
      const name = p + s;
      if (byName.has(name)) continue;
      const h = pickRng(i++);
      const roots = new Set([h % departments]);
      if (h % 3 === 0) roots.add((h >>> 8) % departments);
      byName.set(name, roots);
    }
  }
  return [...byName].map(([name, roots]) => ({ name, roots: [...roots].sort((a, b) => a - b) }));
}
