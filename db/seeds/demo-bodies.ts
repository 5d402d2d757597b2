import type { NewBody } from '../schema';

// Demo bodies of every kind, each escalating to the quality-control body (R9). Review terms and
// extension rights follow SPEC "Bodies": 15 working days at the quality-control body, 5 elsewhere.
// The heads' contacts are made up (example.kz, a reserved-looking range): where overdue alerts go (R1).
export const demoBodies: NewBody[] = [
  {
    id: 'qcb-almaty', code: 'QCB', kind: 'quality_control_body',
    name_kk: 'Мемлекеттік қызмет көрсету сапасын бақылау комитетінің Алматы қаласы бойынша департаменті',
    name_ru: 'Департамент Комитета по контролю качества государственных услуг по городу Алматы',
    postal_address: 'г. Алматы, пр. Абая, 33', head_position: 'Руководитель департамента',
    head_surname: 'Сейткали', head_initials: 'А.М.', head_email: 'head@qcb-almaty.example.kz', head_phone: '+77272000101', escalates_to: null, review_term_days: 15, can_extend: true,
  },
  {
    id: 'con-almaty', code: 'CON', kind: 'service_provider',
    name_kk: 'Алматы қаласының халыққа қызмет көрсету орталығы №1',
    name_ru: 'Центр обслуживания населения №1 города Алматы',
    postal_address: 'г. Алматы, ул. Толе би, 155', head_position: 'Руководитель ЦОН',
    head_surname: 'Ахметова', head_initials: 'Г.К.', head_email: 'head@con-almaty.example.kz', head_phone: '+77272000102', escalates_to: 'qcb-almaty', review_term_days: 5, can_extend: false,
  },
  {
    id: 'gov4c', code: 'GK', kind: 'state_corporation',
    name_kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы',
    name_ru: 'Государственная корпорация «Правительство для граждан»',
    postal_address: 'г. Астана, пр. Республики, 43А', head_position: 'Председатель правления',
    head_surname: 'Нурланов', head_initials: 'Е.С.', head_email: 'head@gov4c.example.kz', head_phone: '+77272000103', escalates_to: 'qcb-almaty', review_term_days: 5, can_extend: false,
  },
  {
    id: 'akimat-almaty', code: 'AKM', kind: 'local_executive_body',
    name_kk: 'Алматы қаласының әкімдігі',
    name_ru: 'Акимат города Алматы',
    postal_address: 'г. Алматы, пл. Республики, 4', head_position: 'Аким города',
    head_surname: 'Досаев', head_initials: 'Е.А.', head_email: 'head@akimat-almaty.example.kz', head_phone: '+77272000104', escalates_to: 'qcb-almaty', review_term_days: 5, can_extend: true,
  },
  {
    id: 'mlsp', code: 'MLSP', kind: 'central_state_body',
    name_kk: 'Қазақстан Республикасының Еңбек және халықты әлеуметтік қорғау министрлігі',
    name_ru: 'Министерство труда и социальной защиты населения Республики Казахстан',
    postal_address: 'г. Астана, ул. Мангилик Ел, 8', head_position: 'Министр',
    head_surname: 'Ертаев', head_initials: 'А.Б.', head_email: 'head@mlsp.example.kz', head_phone: '+77172000105', escalates_to: 'qcb-almaty', review_term_days: 5, can_extend: true,
  },
];
