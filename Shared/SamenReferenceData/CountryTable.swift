/// The officially assigned ISO 3166-1 alpha-2 codes (249), each with its English short name and the Dutch name
/// as Flemish agencies write it (the annual report's Bulgarije, China, Roemenië, Indië, ...). One line per
/// code: `CODE|English|Nederlands`. Territories are included: a person's nationality is never one of them, but
/// a country of birth or of previous residence can be, and records from other systems carry them.
let countryTable = """
AD|Andorra|Andorra
AE|United Arab Emirates|Verenigde Arabische Emiraten
AF|Afghanistan|Afghanistan
AG|Antigua and Barbuda|Antigua en Barbuda
AI|Anguilla|Anguilla
AL|Albania|Albanië
AM|Armenia|Armenië
AO|Angola|Angola
AQ|Antarctica|Antarctica
AR|Argentina|Argentinië
AS|American Samoa|Amerikaans-Samoa
AT|Austria|Oostenrijk
AU|Australia|Australië
AW|Aruba|Aruba
AX|Åland Islands|Åland
AZ|Azerbaijan|Azerbeidzjan
BA|Bosnia and Herzegovina|Bosnië en Herzegovina
BB|Barbados|Barbados
BD|Bangladesh|Bangladesh
BE|Belgium|België
BF|Burkina Faso|Burkina Faso
BG|Bulgaria|Bulgarije
BH|Bahrain|Bahrein
BI|Burundi|Burundi
BJ|Benin|Benin
BL|Saint Barthélemy|Saint-Barthélemy
BM|Bermuda|Bermuda
BN|Brunei Darussalam|Brunei
BO|Bolivia|Bolivia
BQ|Bonaire, Sint Eustatius and Saba|Caribisch Nederland
BR|Brazil|Brazilië
BS|Bahamas|Bahama's
BT|Bhutan|Bhutan
BV|Bouvet Island|Bouveteiland
BW|Botswana|Botswana
BY|Belarus|Belarus
BZ|Belize|Belize
CA|Canada|Canada
CC|Cocos (Keeling) Islands|Cocoseilanden
CD|Congo (Democratic Republic)|Democratische Republiek Congo
CF|Central African Republic|Centraal-Afrikaanse Republiek
CG|Congo|Congo-Brazzaville
CH|Switzerland|Zwitserland
CI|Côte d'Ivoire|Ivoorkust
CK|Cook Islands|Cookeilanden
CL|Chile|Chili
CM|Cameroon|Kameroen
CN|China|China
CO|Colombia|Colombia
CR|Costa Rica|Costa Rica
CU|Cuba|Cuba
CV|Cabo Verde|Kaapverdië
CW|Curaçao|Curaçao
CX|Christmas Island|Christmaseiland
CY|Cyprus|Cyprus
CZ|Czechia|Tsjechië
DE|Germany|Duitsland
DJ|Djibouti|Djibouti
DK|Denmark|Denemarken
DM|Dominica|Dominica
DO|Dominican Republic|Dominicaanse Republiek
DZ|Algeria|Algerije
EC|Ecuador|Ecuador
EE|Estonia|Estland
EG|Egypt|Egypte
EH|Western Sahara|Westelijke Sahara
ER|Eritrea|Eritrea
ES|Spain|Spanje
ET|Ethiopia|Ethiopië
FI|Finland|Finland
FJ|Fiji|Fiji
FK|Falkland Islands|Falklandeilanden
FM|Micronesia|Micronesia
FO|Faroe Islands|Faeröer
FR|France|Frankrijk
GA|Gabon|Gabon
GB|United Kingdom|Verenigd Koninkrijk
GD|Grenada|Grenada
GE|Georgia|Georgië
GF|French Guiana|Frans-Guyana
GG|Guernsey|Guernsey
GH|Ghana|Ghana
GI|Gibraltar|Gibraltar
GL|Greenland|Groenland
GM|Gambia|Gambia
GN|Guinea|Guinee
GP|Guadeloupe|Guadeloupe
GQ|Equatorial Guinea|Equatoriaal-Guinea
GR|Greece|Griekenland
GS|South Georgia and the South Sandwich Islands|Zuid-Georgia en de Zuidelijke Sandwicheilanden
GT|Guatemala|Guatemala
GU|Guam|Guam
GW|Guinea-Bissau|Guinee-Bissau
GY|Guyana|Guyana
HK|Hong Kong|Hongkong
HM|Heard Island and McDonald Islands|Heard en McDonaldeilanden
HN|Honduras|Honduras
HR|Croatia|Kroatië
HT|Haiti|Haïti
HU|Hungary|Hongarije
ID|Indonesia|Indonesië
IE|Ireland|Ierland
IL|Israel|Israël
IM|Isle of Man|Man
IN|India|Indië
IO|British Indian Ocean Territory|Brits Indische Oceaanterritorium
IQ|Iraq|Irak
IR|Iran|Iran
IS|Iceland|IJsland
IT|Italy|Italië
JE|Jersey|Jersey
JM|Jamaica|Jamaica
JO|Jordan|Jordanië
JP|Japan|Japan
KE|Kenya|Kenia
KG|Kyrgyzstan|Kirgizië
KH|Cambodia|Cambodja
KI|Kiribati|Kiribati
KM|Comoros|Comoren
KN|Saint Kitts and Nevis|Saint Kitts en Nevis
KP|North Korea|Noord-Korea
KR|South Korea|Zuid-Korea
KW|Kuwait|Koeweit
KY|Cayman Islands|Kaaimaneilanden
KZ|Kazakhstan|Kazachstan
LA|Laos|Laos
LB|Lebanon|Libanon
LC|Saint Lucia|Saint Lucia
LI|Liechtenstein|Liechtenstein
LK|Sri Lanka|Sri Lanka
LR|Liberia|Liberia
LS|Lesotho|Lesotho
LT|Lithuania|Litouwen
LU|Luxembourg|Luxemburg
LV|Latvia|Letland
LY|Libya|Libië
MA|Morocco|Marokko
MC|Monaco|Monaco
MD|Moldova|Moldavië
ME|Montenegro|Montenegro
MF|Saint Martin (French part)|Sint-Maarten (Franse deel)
MG|Madagascar|Madagaskar
MH|Marshall Islands|Marshalleilanden
MK|North Macedonia|Noord-Macedonië
ML|Mali|Mali
MM|Myanmar|Myanmar
MN|Mongolia|Mongolië
MO|Macao|Macau
MP|Northern Mariana Islands|Noordelijke Marianen
MQ|Martinique|Martinique
MR|Mauritania|Mauritanië
MS|Montserrat|Montserrat
MT|Malta|Malta
MU|Mauritius|Mauritius
MV|Maldives|Maldiven
MW|Malawi|Malawi
MX|Mexico|Mexico
MY|Malaysia|Maleisië
MZ|Mozambique|Mozambique
NA|Namibia|Namibië
NC|New Caledonia|Nieuw-Caledonië
NE|Niger|Niger
NF|Norfolk Island|Norfolkeiland
NG|Nigeria|Nigeria
NI|Nicaragua|Nicaragua
NL|Netherlands|Nederland
NO|Norway|Noorwegen
NP|Nepal|Nepal
NR|Nauru|Nauru
NU|Niue|Niue
NZ|New Zealand|Nieuw-Zeeland
OM|Oman|Oman
PA|Panama|Panama
PE|Peru|Peru
PF|French Polynesia|Frans-Polynesië
PG|Papua New Guinea|Papoea-Nieuw-Guinea
PH|Philippines|Filipijnen
PK|Pakistan|Pakistan
PL|Poland|Polen
PM|Saint Pierre and Miquelon|Saint-Pierre en Miquelon
PN|Pitcairn|Pitcairneilanden
PR|Puerto Rico|Puerto Rico
PS|Palestine|Palestina
PT|Portugal|Portugal
PW|Palau|Palau
PY|Paraguay|Paraguay
QA|Qatar|Qatar
RE|Réunion|Réunion
RO|Romania|Roemenië
RS|Serbia|Servië
RU|Russian Federation|Rusland
RW|Rwanda|Rwanda
SA|Saudi Arabia|Saoedi-Arabië
SB|Solomon Islands|Salomonseilanden
SC|Seychelles|Seychellen
SD|Sudan|Soedan
SE|Sweden|Zweden
SG|Singapore|Singapore
SH|Saint Helena, Ascension and Tristan da Cunha|Sint-Helena, Ascension en Tristan da Cunha
SI|Slovenia|Slovenië
SJ|Svalbard and Jan Mayen|Spitsbergen en Jan Mayen
SK|Slovakia|Slowakije
SL|Sierra Leone|Sierra Leone
SM|San Marino|San Marino
SN|Senegal|Senegal
SO|Somalia|Somalië
SR|Suriname|Suriname
SS|South Sudan|Zuid-Soedan
ST|Sao Tome and Principe|Sao Tomé en Principe
SV|El Salvador|El Salvador
SX|Sint Maarten (Dutch part)|Sint Maarten
SY|Syria|Syrië
SZ|Eswatini|Eswatini
TC|Turks and Caicos Islands|Turks- en Caicoseilanden
TD|Chad|Tsjaad
TF|French Southern Territories|Franse Zuidelijke Gebieden
TG|Togo|Togo
TH|Thailand|Thailand
TJ|Tajikistan|Tadzjikistan
TK|Tokelau|Tokelau
TL|Timor-Leste|Oost-Timor
TM|Turkmenistan|Turkmenistan
TN|Tunisia|Tunesië
TO|Tonga|Tonga
TR|Türkiye|Turkije
TT|Trinidad and Tobago|Trinidad en Tobago
TV|Tuvalu|Tuvalu
TW|Taiwan|Taiwan
TZ|Tanzania|Tanzania
UA|Ukraine|Oekraïne
UG|Uganda|Oeganda
UM|United States Minor Outlying Islands|Kleine afgelegen eilanden van de Verenigde Staten
US|United States|Verenigde Staten
UY|Uruguay|Uruguay
UZ|Uzbekistan|Oezbekistan
VA|Holy See|Vaticaanstad
VC|Saint Vincent and the Grenadines|Saint Vincent en de Grenadines
VE|Venezuela|Venezuela
VG|Virgin Islands (British)|Britse Maagdeneilanden
VI|Virgin Islands (U.S.)|Amerikaanse Maagdeneilanden
VN|Viet Nam|Vietnam
VU|Vanuatu|Vanuatu
WF|Wallis and Futuna|Wallis en Futuna
WS|Samoa|Samoa
YE|Yemen|Jemen
YT|Mayotte|Mayotte
ZA|South Africa|Zuid-Afrika
ZM|Zambia|Zambia
ZW|Zimbabwe|Zimbabwe
"""
