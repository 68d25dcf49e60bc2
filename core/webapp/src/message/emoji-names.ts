// The shortcodes of the emoji people type most, as Mattermost names them (`:smile:`), and the
// character each one shows. A short table rather than the whole Unicode set keeps the first load
// small; a name missing here stays as typed, as an unknown name does in Mattermost.
const TABLE = `
smile 😄|smiley 😃|grinning 😀|grin 😁|laughing 😆|satisfied 😆|sweat_smile 😅|joy 😂|rofl 🤣|relaxed ☺️|blush 😊|innocent 😇
slightly_smiling_face 🙂|upside_down_face 🙃|wink 😉|relieved 😌|heart_eyes 😍|smiling_face_with_three_hearts 🥰|kissing_heart 😘
kissing 😗|yum 😋|stuck_out_tongue 😛|stuck_out_tongue_winking_eye 😜|stuck_out_tongue_closed_eyes 😝|zany_face 🤪|money_mouth_face 🤑
hugs 🤗|hugging_face 🤗|thinking 🤔|thinking_face 🤔|shushing_face 🤫|zipper_mouth_face 🤐|raised_eyebrow 🤨|neutral_face 😐
expressionless 😑|no_mouth 😶|smirk 😏|unamused 😒|roll_eyes 🙄|face_with_rolling_eyes 🙄|grimacing 😬|lying_face 🤥|pensive 😔
sleepy 😪|drooling_face 🤤|sleeping 😴|mask 😷|face_with_thermometer 🤒|nauseated_face 🤢|vomiting_face 🤮|sneezing_face 🤧
hot_face 🥵|cold_face 🥶|woozy_face 🥴|dizzy_face 😵|exploding_head 🤯|cowboy_hat_face 🤠|partying_face 🥳|sunglasses 😎|nerd_face 🤓
monocle_face 🧐|confused 😕|worried 😟|slightly_frowning_face 🙁|frowning_face ☹️|open_mouth 😮|hushed 😯|astonished 😲|flushed 😳
pleading_face 🥺|frowning 😦|anguished 😧|fearful 😨|cold_sweat 😰|disappointed_relieved 😥|cry 😢|sob 😭|scream 😱|confounded 😖
persevere 😣|disappointed 😞|sweat 😓|weary 😩|tired_face 😫|yawning_face 🥱|triumph 😤|rage 😡|angry 😠|cursing_face 🤬
smiling_imp 😈|imp 👿|skull 💀|poop 💩|hankey 💩|clown_face 🤡|ghost 👻|alien 👽|robot 🤖|see_no_evil 🙈|hear_no_evil 🙉|speak_no_evil 🙊
smile_cat 😸|joy_cat 😹|heart_eyes_cat 😻|wave 👋|raised_back_of_hand 🤚|raised_hand ✋|hand ✋|vulcan_salute 🖖|ok_hand 👌
pinching_hand 🤏|v ✌️|crossed_fingers 🤞|love_you_gesture 🤟|metal 🤘|call_me_hand 🤙|point_left 👈|point_right 👉|point_up_2 👆
point_down 👇|point_up ☝️|+1 👍|thumbsup 👍|-1 👎|thumbsdown 👎|fist 👊|facepunch 👊|punch 👊|fist_raised ✊|clap 👏|raised_hands 🙌
open_hands 👐|handshake 🤝|pray 🙏|writing_hand ✍️|muscle 💪|eyes 👀|eye 👁️|brain 🧠|tongue 👅|lips 👄|baby 👶|man 👨|woman 👩
person_shrugging 🤷|shrug 🤷|man_facepalming 🤦‍♂️|facepalm 🤦|bow 🙇|dancer 💃|man_dancing 🕺|runner 🏃|running 🏃|walking 🚶
heart ❤️|orange_heart 🧡|yellow_heart 💛|green_heart 💚|blue_heart 💙|purple_heart 💜|black_heart 🖤|white_heart 🤍|broken_heart 💔
two_hearts 💕|sparkling_heart 💖|heartpulse 💗|heartbeat 💓|revolving_hearts 💞|cupid 💘|gift_heart 💝|100 💯|anger 💢|boom 💥
collision 💥|dizzy 💫|sweat_drops 💦|dash 💨|zzz 💤|speech_balloon 💬|thought_balloon 💭|wave_dash 〰️|dog 🐶|cat 🐱|mouse 🐭
rabbit 🐰|fox_face 🦊|bear 🐻|panda_face 🐼|koala 🐨|tiger 🐯|lion 🦁|cow 🐮|pig 🐷|frog 🐸|monkey_face 🐵|chicken 🐔|penguin 🐧
bird 🐦|owl 🦉|unicorn 🦄|bee 🐝|bug 🐛|butterfly 🦋|snail 🐌|turtle 🐢|snake 🐍|octopus 🐙|fish 🐟|whale 🐳|dolphin 🐬|shark 🦈
crab 🦀|sloth 🦥|cactus 🌵|christmas_tree 🎄|evergreen_tree 🌲|deciduous_tree 🌳|palm_tree 🌴|seedling 🌱|herb 🌿|four_leaf_clover 🍀
fallen_leaf 🍂|maple_leaf 🍁|mushroom 🍄|tulip 🌷|rose 🌹|sunflower 🌻|cherry_blossom 🌸|bouquet 💐|sunny ☀️|partly_sunny ⛅
cloud ☁️|rainbow 🌈|umbrella ☂️|snowflake ❄️|snowman ⛄|zap ⚡|fire 🔥|droplet 💧|ocean 🌊|star ⭐|star2 🌟|sparkles ✨
crescent_moon 🌙|earth_africa 🌍|earth_americas 🌎|globe_with_meridians 🌐|apple 🍎|green_apple 🍏|banana 🍌|watermelon 🍉
grapes 🍇|strawberry 🍓|peach 🍑|cherries 🍒|lemon 🍋|avocado 🥑|eggplant 🍆|carrot 🥕|corn 🌽|hot_pepper 🌶️|bread 🍞|cheese 🧀
egg 🥚|bacon 🥓|pancakes 🥞|hamburger 🍔|fries 🍟|pizza 🍕|hotdog 🌭|taco 🌮|burrito 🌯|popcorn 🍿|ramen 🍜|spaghetti 🍝|sushi 🍣
cake 🍰|birthday 🎂|cookie 🍪|doughnut 🍩|chocolate_bar 🍫|candy 🍬|lollipop 🍭|coffee ☕|tea 🍵|beer 🍺|beers 🍻|wine_glass 🍷
cocktail 🍸|tropical_drink 🍹|champagne 🍾|clinking_glasses 🥂|soccer ⚽|basketball 🏀|football 🏈|baseball ⚾|tennis 🎾
trophy 🏆|medal_sports 🏅|1st_place_medal 🥇|dart 🎯|video_game 🎮|game_die 🎲|jigsaw 🧩|art 🎨|guitar 🎸|musical_note 🎵|notes 🎶
microphone 🎤|headphones 🎧|tada 🎉|confetti_ball 🎊|balloon 🎈|gift 🎁|ribbon 🎀|rocket 🚀|airplane ✈️|car 🚗|taxi 🚕|bus 🚌
train 🚆|bike 🚲|ship 🚢|anchor ⚓|construction 🚧|rotating_light 🚨|house 🏠|office 🏢|hospital 🏥|school 🏫|tent ⛺
watch ⌚|iphone 📱|computer 💻|keyboard ⌨️|desktop_computer 🖥️|printer 🖨️|floppy_disk 💾|cd 💿|camera 📷|movie_camera 🎥|tv 📺
telephone_receiver 📞|phone ☎️|battery 🔋|electric_plug 🔌|bulb 💡|flashlight 🔦|money_with_wings 💸|moneybag 💰|dollar 💵|credit_card 💳
gem 💎|wrench 🔧|hammer 🔨|hammer_and_wrench 🛠️|gear ⚙️|nut_and_bolt 🔩|link 🔗|chains ⛓️|toolbox 🧰|magnet 🧲|test_tube 🧪
microscope 🔬|telescope 🔭|pill 💊|syringe 💉|key 🔑|lock 🔒|unlock 🔓|bell 🔔|no_bell 🔕|bookmark 🔖|label 🏷️|email 📧
envelope ✉️|inbox_tray 📥|outbox_tray 📤|package 📦|mailbox 📫|pencil2 ✏️|memo 📝|pencil 📝|briefcase 💼|file_folder 📁
open_file_folder 📂|calendar 📆|date 📅|clipboard 📋|pushpin 📌|round_pushpin 📍|paperclip 📎|straight_ruler 📏|scissors ✂️
wastebasket 🗑️|chart_with_upwards_trend 📈|chart_with_downwards_trend 📉|bar_chart 📊|books 📚|book 📖|newspaper 📰|mag 🔍
mag_right 🔎|hourglass ⌛|hourglass_flowing_sand ⏳|alarm_clock ⏰|stopwatch ⏱️|clock3 🕒|warning ⚠️|no_entry ⛔|no_entry_sign 🚫
x ❌|heavy_multiplication_x ✖️|negative_squared_cross_mark ❎|white_check_mark ✅|heavy_check_mark ✔️|ballot_box_with_check ☑️
question ❓|grey_question ❔|exclamation ❗|heavy_exclamation_mark ❗|grey_exclamation ❕|bangbang ‼️|interrobang ⁉️
heavy_plus_sign ➕|heavy_minus_sign ➖|heavy_division_sign ➗|arrow_up ⬆️|arrow_down ⬇️|arrow_left ⬅️|arrow_right ➡️
arrow_forward ▶️|arrow_backward ◀️|arrows_counterclockwise 🔄|repeat 🔁|recycle ♻️|information_source ℹ️|new 🆕|free 🆓|up 🆙
cool 🆒|ok 🆗|sos 🆘|red_circle 🔴|orange_circle 🟠|yellow_circle 🟡|green_circle 🟢|large_blue_circle 🔵|purple_circle 🟣
black_circle ⚫|white_circle ⚪|checkered_flag 🏁|triangular_flag_on_post 🚩|white_flag 🏳️|rainbow_flag 🏳️‍🌈|pirate_flag 🏴‍☠️
`;

export const EMOJI: ReadonlyMap<string, string> = new Map(
  TABLE.split(/[|\n]/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const space = entry.indexOf(' ');
      return [entry.slice(0, space), entry.slice(space + 1)] as const;
    }),
);
