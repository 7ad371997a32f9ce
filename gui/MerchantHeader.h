#pragma once

#include <QFrame>

#include "StoredCase.h"

class QLabel;

namespace aviary::gui {

// Who the merchant is and what was decided: name, segment, USCC, owner, the personal ID as
// the database role may see it (masked unless aviary_pii_reader), the requested amount and
// the latest decision's outcome, limit, price and PD.
class MerchantHeader : public QFrame {
  Q_OBJECT
 public:
  explicit MerchantHeader(QWidget* parent = nullptr);

  void showCase(const StoredCase& stored);
  void showMessage(const QString& message);

  QString text() const;

 private:
  QLabel* title_;
  QLabel* identity_;
  QLabel* decision_;
};

}  // namespace aviary::gui
