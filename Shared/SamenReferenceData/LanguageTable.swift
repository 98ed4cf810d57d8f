/// The ISO 639-1 codes (183; `sh` is withdrawn and absent), each with its ISO 639-2/T (= 639-3) code, English
/// name and Dutch name as the agencies write them (the annual report's Farsi, Pashtu, Tigrinya, Dari, ...).
/// One line per code: `639-1|639-3|English|Nederlands`.
let iso6391Table = """
aa|aar|Afar|Afar
ab|abk|Abkhazian|Abchazisch
ae|ave|Avestan|Avestisch
af|afr|Afrikaans|Afrikaans
ak|aka|Akan|Akan
am|amh|Amharic|Amhaars
an|arg|Aragonese|Aragonees
ar|ara|Arabic|Arabisch
as|asm|Assamese|Assamees
av|ava|Avaric|Avaars
ay|aym|Aymara|Aymara
az|aze|Azerbaijani|Azerbeidzjaans
ba|bak|Bashkir|Basjkiers
be|bel|Belarusian|Belarussisch
bg|bul|Bulgarian|Bulgaars
bi|bis|Bislama|Bislama
bm|bam|Bambara|Bambara
bn|ben|Bengali|Bengaals
bo|bod|Tibetan|Tibetaans
br|bre|Breton|Bretoens
bs|bos|Bosnian|Bosnisch
ca|cat|Catalan|Catalaans
ce|che|Chechen|Tsjetsjeens
ch|cha|Chamorro|Chamorro
co|cos|Corsican|Corsicaans
cr|cre|Cree|Cree
cs|ces|Czech|Tsjechisch
cu|chu|Church Slavonic|Kerkslavisch
cv|chv|Chuvash|Tsjoevasjisch
cy|cym|Welsh|Welsh
da|dan|Danish|Deens
de|deu|German|Duits
dv|div|Divehi|Divehi
dz|dzo|Dzongkha|Dzongkha
ee|ewe|Ewe|Ewe
el|ell|Greek|Grieks
en|eng|English|Engels
eo|epo|Esperanto|Esperanto
es|spa|Spanish|Spaans
et|est|Estonian|Estisch
eu|eus|Basque|Baskisch
fa|fas|Persian (Farsi)|Farsi
ff|ful|Fulah|Fula
fi|fin|Finnish|Fins
fj|fij|Fijian|Fijisch
fo|fao|Faroese|Faeröers
fr|fra|French|Frans
fy|fry|Western Frisian|Fries
ga|gle|Irish|Iers
gd|gla|Scottish Gaelic|Schots-Gaelisch
gl|glg|Galician|Galicisch
gn|grn|Guarani|Guaraní
gu|guj|Gujarati|Gujarati
gv|glv|Manx|Manx
ha|hau|Hausa|Hausa
he|heb|Hebrew|Hebreeuws
hi|hin|Hindi|Hindi
ho|hmo|Hiri Motu|Hiri Motu
hr|hrv|Croatian|Kroatisch
ht|hat|Haitian Creole|Haïtiaans Creools
hu|hun|Hungarian|Hongaars
hy|hye|Armenian|Armeens
hz|her|Herero|Herero
ia|ina|Interlingua|Interlingua
id|ind|Indonesian|Indonesisch
ie|ile|Interlingue|Interlingue
ig|ibo|Igbo|Igbo
ii|iii|Sichuan Yi|Yi (Sichuan)
ik|ipk|Inupiaq|Inupiak
io|ido|Ido|Ido
is|isl|Icelandic|IJslands
it|ita|Italian|Italiaans
iu|iku|Inuktitut|Inuktitut
ja|jpn|Japanese|Japans
jv|jav|Javanese|Javaans
ka|kat|Georgian|Georgisch
kg|kon|Kongo|Kikongo
ki|kik|Kikuyu|Kikuyu
kj|kua|Kuanyama|Kuanyama
kk|kaz|Kazakh|Kazachs
kl|kal|Kalaallisut|Groenlands
km|khm|Khmer|Khmer
kn|kan|Kannada|Kannada
ko|kor|Korean|Koreaans
kr|kau|Kanuri|Kanuri
ks|kas|Kashmiri|Kasjmiri
ku|kur|Kurdish|Koerdisch
kv|kom|Komi|Komi
kw|cor|Cornish|Cornisch
ky|kir|Kyrgyz|Kirgizisch
la|lat|Latin|Latijn
lb|ltz|Luxembourgish|Luxemburgs
lg|lug|Ganda|Luganda
li|lim|Limburgish|Limburgs
ln|lin|Lingala|Lingala
lo|lao|Lao|Laotiaans
lt|lit|Lithuanian|Litouws
lu|lub|Luba-Katanga|Luba-Katanga
lv|lav|Latvian|Lets
mg|mlg|Malagasy|Malagassisch
mh|mah|Marshallese|Marshallees
mi|mri|Maori|Maori
mk|mkd|Macedonian|Macedonisch
ml|mal|Malayalam|Malayalam
mn|mon|Mongolian|Mongools
mr|mar|Marathi|Marathi
ms|msa|Malay|Maleis
mt|mlt|Maltese|Maltees
my|mya|Burmese|Birmaans
na|nau|Nauru|Nauruaans
nb|nob|Norwegian Bokmål|Noors (Bokmål)
nd|nde|North Ndebele|Noord-Ndebele
ne|nep|Nepali|Nepalees
ng|ndo|Ndonga|Ndonga
nl|nld|Dutch|Nederlands
nn|nno|Norwegian Nynorsk|Noors (Nynorsk)
no|nor|Norwegian|Noors
nr|nbl|South Ndebele|Zuid-Ndebele
nv|nav|Navajo|Navajo
ny|nya|Chichewa|Chichewa
oc|oci|Occitan|Occitaans
oj|oji|Ojibwa|Ojibwe
om|orm|Oromo|Oromo
or|ori|Odia|Odia
os|oss|Ossetian|Ossetisch
pa|pan|Punjabi|Punjabi
pi|pli|Pali|Pali
pl|pol|Polish|Pools
ps|pus|Pashto|Pashtu
pt|por|Portuguese|Portugees
qu|que|Quechua|Quechua
rm|roh|Romansh|Reto-Romaans
rn|run|Kirundi|Kirundi
ro|ron|Romanian|Roemeens
ru|rus|Russian|Russisch
rw|kin|Kinyarwanda|Kinyarwanda
sa|san|Sanskrit|Sanskriet
sc|srd|Sardinian|Sardijns
sd|snd|Sindhi|Sindhi
se|sme|Northern Sami|Noord-Samisch
sg|sag|Sango|Sango
si|sin|Sinhala|Singalees
sk|slk|Slovak|Slowaaks
sl|slv|Slovenian|Sloveens
sm|smo|Samoan|Samoaans
sn|sna|Shona|Shona
so|som|Somali|Somalisch
sq|sqi|Albanian|Albanees
sr|srp|Serbian|Servisch
ss|ssw|Swati|Swazi
st|sot|Southern Sotho|Zuid-Sotho
su|sun|Sundanese|Soendanees
sv|swe|Swedish|Zweeds
sw|swa|Swahili|Swahili
ta|tam|Tamil|Tamil
te|tel|Telugu|Telugu
tg|tgk|Tajik|Tadzjieks
th|tha|Thai|Thai
ti|tir|Tigrinya|Tigrinya
tk|tuk|Turkmen|Turkmeens
tl|tgl|Tagalog|Tagalog
tn|tsn|Tswana|Tswana
to|ton|Tongan|Tongaans
tr|tur|Turkish|Turks
ts|tso|Tsonga|Tsonga
tt|tat|Tatar|Tataars
tw|twi|Twi|Twi
ty|tah|Tahitian|Tahitiaans
ug|uig|Uyghur|Oeigoers
uk|ukr|Ukrainian|Oekraïens
ur|urd|Urdu|Urdu
uz|uzb|Uzbek|Oezbeeks
ve|ven|Venda|Venda
vi|vie|Vietnamese|Vietnamees
vo|vol|Volapük|Volapük
wa|wln|Walloon|Waals
wo|wol|Wolof|Wolof
xh|xho|Xhosa|Xhosa
yi|yid|Yiddish|Jiddisch
yo|yor|Yoruba|Yoruba
za|zha|Zhuang|Zhuang
zh|zho|Chinese (Mandarin)|Chinees (Mandarijn)
zu|zul|Zulu|Zoeloe
"""

/// Languages without an ISO 639-1 code that people at the desks, in the courses and at the interpreting service
/// speak, by ISO 639-3 code: Afghan, Kurdish, Berber, Romani, Assyrian, Fula, East African, West African and
/// Chinese languages and the sign languages of Belgium. One line per code: `639-3|English|Nederlands`.
let iso6393Table = """
aii|Assyrian Neo-Aramaic|Assyrisch (Neo-Aramees)
ary|Moroccan Arabic (Darija)|Marokkaans Arabisch (Darija)
azb|South Azerbaijani|Zuid-Azerbeidzjaans
bal|Baluchi|Beloetsji
bci|Baoulé|Baoulé
byn|Bilen|Bilen
ckb|Central Kurdish (Sorani)|Sorani (Centraal-Koerdisch)
din|Dinka|Dinka
dyu|Dyula|Dioula
fil|Filipino|Filipijns
fon|Fon|Fon
fuc|Pulaar|Pulaar
fuf|Pular|Pular
fuv|Nigerian Fulfulde|Fulfulde (Nigeria)
gaa|Ga|Ga
hak|Hakka Chinese|Hakka
haz|Hazaragi|Hazaragi
ils|International Sign|Internationale Gebarentaal
inh|Ingush|Ingoesj
kab|Kabyle|Kabylisch
kmr|Northern Kurdish (Kurmanji)|Kurmanji (Noord-Koerdisch)
kri|Krio|Krio
lua|Luba-Lulua (Tshiluba)|Tshiluba
men|Mende|Mende
mnk|Mandinka|Mandinka
mos|Mossi (Mooré)|Mossi (Mooré)
nan|Min Nan Chinese|Minnan
nus|Nuer|Nuer
pcm|Nigerian Pidgin|Nigeriaans Pidgin
pnb|Western Punjabi|West-Punjabi
prs|Dari|Dari
rhg|Rohingya|Rohingya
rif|Tarifit (Riffian)|Riffijns (Tarifit)
rmy|Vlax Romani|Vlax-Romani
rom|Romani|Romani
sdh|Southern Kurdish|Zuid-Koerdisch
sfb|French Belgian Sign Language|Frans-Belgische Gebarentaal
shi|Tachelhit|Tachelhit
snk|Soninke|Soninke
syl|Sylheti|Sylheti
tig|Tigre|Tigre
tru|Turoyo|Turoyo
tzm|Central Atlas Tamazight|Centraal-Atlas-Tamazight
vgt|Flemish Sign Language|Vlaamse Gebarentaal
yue|Cantonese|Kantonees
zgh|Standard Moroccan Tamazight|Standaard-Marokkaans Tamazight
zza|Zazaki|Zazaki
"""
