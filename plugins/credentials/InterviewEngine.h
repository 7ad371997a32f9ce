#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "DocumentReading.h"
#include "InterviewQuestion.h"
#include "MaterialNeed.h"

namespace aviary {

// The self-certification interview a credit officer would hold: it settles the industry,
// asks what the money is for, how much and how it will be repaid, checks what the merchant
// says against the documents already read, and asks for the missing materials that would
// most raise the limit, explaining each ask. No Qt: the terminal and the workbench share it.
//
//   InterviewEngine engine(options, readings);
//   while (auto q = engine.next()) engine.answer(readLineFromMerchant());
//   save(engine.transcript());
class InterviewEngine {
 public:
  struct Options {
    std::string merchantId;
    std::string industry;  // "" = infer from the documents, else ask
    std::string asOf;      // YYYY-MM-DD; "" = today
    int materialAsks = 4;  // at most this many materials asked for
  };

  InterviewEngine(Options options, std::vector<DocumentReading> documents);

  // The question to put now (the same one until it is answered), or nullopt when done.
  std::optional<InterviewQuestion> next();
  // Answers the current question; an empty answer counts as "no answer".
  void answer(const std::string& text);
  // Ends the interview early (the merchant left, stdin closed): the rest go unasked.
  void stop();
  bool finished() const { return done_; }

  // {merchant_id, industry, complete, turns: [{speaker, question, text, why?}],
  //  answers: {...}, findings: [{name, passed, detail}], materials: [{code, title, kinds,
  //  limit_share, status}]}; `turns` is what the workbench's transcript table shows.
  nlohmann::json transcript() const;

  // Parsers for the merchant's own words (Chinese or English), public for tests.
  static std::string purposeCategory(const std::string& answer);
  static std::optional<double> amountYuan(const std::string& answer);
  struct Repayment {
    std::string cycle;   // monthly, quarterly, seasonal, at_maturity, or ""
    int termMonths = 0;  // 0 when not said
  };
  static Repayment repayment(const std::string& answer);
  static std::optional<bool> yesNo(const std::string& answer);

 private:
  struct PendingCheck {
    std::string name;
    std::string question;
    std::string why;
    std::string documentFile;
    std::string documentValue;
  };
  void plan();
  void say(const InterviewQuestion& question);
  void record(const std::string& speaker, const std::string& question, const std::string& text);
  void finding(const std::string& name, bool passed, const std::string& detail);
  void checkAnswer(const PendingCheck& check, const std::string& answer);
  void judgePurpose(const std::string& category);
  void judgeAmount(double yuan);
  void judgeRepayment(const Repayment& repayment);
  double monthlyRevenue(std::string* source) const;
  const DocumentReading* firstOfKind(const std::string& kind) const;
  std::string statusOf(const MaterialNeed& need) const;

  Options options_;
  std::vector<DocumentReading> documents_;
  std::vector<InterviewQuestion> queue_;
  std::vector<PendingCheck> checks_;
  std::vector<MaterialNeed> needs_;
  std::vector<std::string> materialStatus_;  // per need: held, reshoot, promised, declined ...
  int materialsAsked_ = 0;
  bool current_ = false;  // queue_.front() has been said and awaits an answer
  bool done_ = false;
  bool industryAsked_ = false;
  nlohmann::json turns_ = nlohmann::json::array();
  nlohmann::json answers_ = nlohmann::json::object();
  nlohmann::json findings_ = nlohmann::json::array();
};

}  // namespace aviary
